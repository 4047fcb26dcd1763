using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace RoundupBot.Summarization.Llm;

/// <summary>The evaluator's text checks: links and domain names, and what counts as one emoji.</summary>
public static partial class TextRules
{
    /// <summary>
    /// A URL with a scheme (<c>https://…</c>, <c>mailto:</c>, <c>javascript:</c>), <c>www.</c> anything, an e-mail
    /// address, or a domain name (<c>example.com</c>, <c>evil.example.co.uk/path</c>) whose last label is a common
    /// top-level domain written in lower case. Lower case only, because ".NET", "ASP.NET" and "Node.js" are names, not
    /// hosts; a model writing "Example.COM" gets through, and is still harmless: renderers never link model text.
    /// </summary>
    [GeneratedRegex(
        @"(?:\b[a-zA-Z][a-zA-Z0-9+.\-]*://(?:[^\s<>""']*[^\s<>""'.,;:!?)\]}])?)|(?:\b(?:mailto|javascript|data|file|ftp):[^\s<>""']+)|(?:\bwww\.(?:[^\s<>""']*[^\s<>""'.,;:!?)\]}])?)|(?:\b[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+)|(?:\b(?:[a-zA-Z0-9](?:[a-zA-Z0-9\-]{0,61}[a-zA-Z0-9])?\.)+(?:com|org|net|io|ai|dev|app|edu|gov|mil|int|co|uk|de|fr|jp|cn|ru|info|biz|xyz|me|ly|sh|gg|tv|us|ca|au|in|it|nl|eu|ch|se|no|es|pl|br|kr|tech|site|online|cloud|page|blog|news|science|html|htm|php)\b(?:/(?:[^\s<>""']*[^\s<>""'.,;:!?)\]}])?)?)",
        RegexOptions.CultureInvariant)]
    internal static partial Regex LinkPattern();

    /// <summary>The first link or domain name in <paramref name="text"/>, or null when it has none.</summary>
    public static string? FindLink(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var match = LinkPattern().Match(text);
        return match.Success ? match.Value : null;
    }

    /// <summary>
    /// True when <paramref name="text"/> is exactly one emoji: one grapheme cluster (so ZWJ sequences, flags, skin tones
    /// and keycaps count as one) that holds a pictographic symbol. Letters, digits, punctuation and two emoji are not.
    /// </summary>
    public static bool IsOneEmoji(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Trim() != text)
        {
            return false;
        }

        var elements = StringInfo.GetTextElementEnumerator(text);
        var count = 0;
        while (elements.MoveNext())
        {
            count++;
        }

        if (count != 1)
        {
            return false;
        }

        var pictographic = false;
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune) && rune.Value < 0x80 && !text.Contains('\u20E3', StringComparison.Ordinal))
            {
                return false;
            }

            // Emoji are "other symbol" from U+2000 up (☀, ✨, 🚀, regional indicators); a keycap is a digit with U+20E3.
            pictographic |= (Rune.GetUnicodeCategory(rune) == UnicodeCategory.OtherSymbol && rune.Value >= 0x2000) || rune.Value == 0x20E3;
        }

        return pictographic;
    }
}
