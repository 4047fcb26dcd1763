using System.Security.Cryptography;
using System.Text;

namespace RoundupBot.Web;

/// <summary>Compares a presented admin token with <c>Admin:Token</c> in constant time. The token is never logged or echoed.</summary>
public static class AdminToken
{
    /// <summary>True when both are set and equal.</summary>
    public static bool Matches(string? configured, string? presented)
    {
        if (string.IsNullOrEmpty(configured) || string.IsNullOrEmpty(presented))
        {
            return false;
        }

        // Hash both first so the comparison also takes the same time whatever the presented token's length.
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(configured));
        var actual = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }
}
