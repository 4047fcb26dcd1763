using System.Net.Mail;

namespace RoundupBot.Publishing.Email;

/// <summary>What counts as a subscriber's address: a bare address (no display name, no control characters) on a dotted domain.</summary>
public static class EmailAddresses
{
    /// <summary>The trimmed address when it is one, else null.</summary>
    public static string? Normalize(string? input)
    {
        var trimmed = input?.Trim() ?? "";
        return trimmed.Length is > 0 and <= 254
            && !trimmed.Any(char.IsControl)
            && MailAddress.TryCreate(trimmed, out var parsed)
            && parsed.Address == trimmed
            && parsed.Host.Contains('.', StringComparison.Ordinal)
                ? trimmed
                : null;
    }
}
