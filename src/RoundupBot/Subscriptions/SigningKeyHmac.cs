using System.Security.Cryptography;
using System.Text;

namespace RoundupBot.Subscriptions;

/// <summary>
/// The one way RoundupBot signs what it hands out and takes back (subscription links, the "Add to Discord" state):
/// keys derived from <c>Security:SigningKey</c> with HKDF-SHA256 under an info string per use, so no kind of token
/// passes for another, and HMAC-SHA256 MACs compared in constant time.
/// </summary>
internal static class SigningKeyHmac
{
    /// <summary>The length of a derived key and of a MAC, in bytes (HMAC-SHA256).</summary>
    public const int MacLength = 32;

    /// <summary>The shortest <c>Security:SigningKey</c> accepted, in characters (start-up validation asks the same).</summary>
    public const int MinSigningKeyLength = 32;

    /// <summary>Derives the key for <paramref name="info"/> from <paramref name="signingKey"/>.</summary>
    /// <param name="signingKey">The configured <c>Security:SigningKey</c>.</param>
    /// <param name="info">The HKDF info string naming this use; changing it invalidates every token already issued.</param>
    /// <param name="signs">What the key signs, for the error message ("the confirm and unsubscribe links of email subscriptions").</param>
    /// <exception cref="InvalidOperationException">The signing key is not set or is shorter than <see cref="MinSigningKeyLength"/>.</exception>
    public static byte[] DeriveKey(string? signingKey, string info, string signs)
    {
        if (string.IsNullOrWhiteSpace(signingKey) || signingKey.Length < MinSigningKeyLength)
        {
            var problem = string.IsNullOrWhiteSpace(signingKey) ? "is not set" : $"is too short ({signingKey.Length} characters)";
            throw new InvalidOperationException(
                $"Security:SigningKey {problem}; it signs {signs}. " +
                $"Set a random secret of at least {MinSigningKeyLength} characters through the environment variable " +
                "ROUNDUP__Security__SigningKey (for example the output of `openssl rand -base64 48`).");
        }

        return HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(signingKey), MacLength, salt: [], info: Encoding.UTF8.GetBytes(info));
    }

    /// <summary>Writes the MAC of <paramref name="payload"/> under <paramref name="key"/> into <paramref name="mac"/> (<see cref="MacLength"/> bytes).</summary>
    public static void Sign(byte[] key, ReadOnlySpan<byte> payload, Span<byte> mac) => HMACSHA256.HashData(key, payload, mac);

    /// <summary>True when <paramref name="mac"/> is the MAC of <paramref name="payload"/> under <paramref name="key"/>; compared in constant time.</summary>
    public static bool Verify(byte[] key, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> mac)
    {
        Span<byte> expected = stackalloc byte[MacLength];
        HMACSHA256.HashData(key, payload, expected);
        return CryptographicOperations.FixedTimeEquals(expected, mac);
    }
}
