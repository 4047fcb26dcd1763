using System.Text;
using RoundupBot.Publishing.Discord;

namespace RoundupBot.Rendering;

/// <summary>
/// Text from feeds made safe for Discord's Markdown: escaped so it renders literally, with mentions broken so they
/// never resolve, links only to absolute http(s) URLs that fit, and splitting that never cuts a word, a link or an escape.
/// </summary>
internal static class DiscordMarkdown
{
    /// <summary>Put after every '@': "@everyone", "@here" and "&lt;@123&gt;" then render as text and resolve to nobody.</summary>
    public const char ZeroWidthSpace = '\u200B';

    public const string Ellipsis = "…";

    /// <summary>
    /// Backslash-escapes every character that starts Discord Markdown (emphasis, strike, spoiler, code, quote,
    /// heading, links, mentions, lists), puts a zero-width space after each '@', and turns line breaks and other
    /// control characters into spaces. Discord renders "\x" as "x" for any ASCII punctuation, so escaping is lossless.
    /// </summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var trimmed = text.Trim();
        var escaped = new StringBuilder(trimmed.Length + 16);
        for (var i = 0; i < trimmed.Length; i++)
        {
            var c = trimmed[i];
            if (char.IsControl(c) || c is '\u2028' or '\u2029')
            {
                escaped.Append(' ');
                continue;
            }

            if (c is '\\' or '*' or '_' or '~' or '`' or '|' or '>' or '<' or '#' or '[' or ']' or '(' or ')' or ':'
                // A list marker or "1." only means something at the start of a line; a feed text may be placed there.
                || (i == 0 && c is '-' or '+')
                || (c == '.' && IsLeadingNumber(trimmed, i)))
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
            if (c == '@')
            {
                escaped.Append(ZeroWidthSpace);
            }
        }

        return escaped.ToString();
    }

    private static bool IsLeadingNumber(string text, int dot)
    {
        if (dot == 0)
        {
            return false;
        }

        for (var i = 0; i < dot; i++)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The URL as Discord may receive it: absolute http(s), with parentheses and angle brackets percent-encoded so it
    /// cannot end a Markdown link early, and at most <see cref="DiscordLimits.UrlLength"/> characters — shortened by
    /// dropping the fragment, then the query, when that is enough. Null when it is not such a URL or still too long:
    /// the caller shows the text without a link rather than send a URL Discord refuses.
    /// </summary>
    public static string? SafeUrl(string? url)
    {
        if (HttpUrl.TryParse(url) is not { } uri)
        {
            return null;
        }

        foreach (var candidate in new[]
        {
            uri.AbsoluteUri,
            uri.GetComponents(UriComponents.HttpRequestUrl, UriFormat.UriEscaped),
            uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped),
        })
        {
            var safe = candidate
                .Replace("(", "%28", StringComparison.Ordinal)
                .Replace(")", "%29", StringComparison.Ordinal)
                .Replace("<", "%3C", StringComparison.Ordinal)
                .Replace(">", "%3E", StringComparison.Ordinal)
                .Replace(" ", "%20", StringComparison.Ordinal);
            if (safe.Length <= DiscordLimits.UrlLength)
            {
                return safe;
            }
        }

        return null;
    }

    /// <summary>
    /// <c>[text](url)</c> with the text escaped and cut to <paramref name="maxTextLength"/>; the escaped text alone when
    /// the URL is unusable (see <see cref="SafeUrl"/>).
    /// </summary>
    public static string Link(string? text, string? url, int maxTextLength = 200)
    {
        var label = Escape(Truncate(string.IsNullOrWhiteSpace(text) ? url ?? "" : text, maxTextLength));
        var safe = SafeUrl(url);
        if (safe is null)
        {
            return label;
        }

        return label.Length == 0 ? $"<{safe}>" : $"[{label}]({safe})";
    }

    /// <summary>
    /// <paramref name="text"/> cut to at most <paramref name="max"/> characters at a word boundary, with "…" when cut.
    /// Works on unescaped text (escape afterwards) or on text whose escapes and links contain no spaces.
    /// </summary>
    public static string Truncate(string text, int max)
    {
        var trimmed = text.Trim();
        if (trimmed.Length <= max)
        {
            return trimmed;
        }

        var cut = SplitPoint(trimmed, max - Ellipsis.Length);
        return trimmed[..cut].TrimEnd() + Ellipsis;
    }

    /// <summary>
    /// Splits <paramref name="text"/> into pieces of at most <paramref name="max"/> characters, preferring the end of a
    /// sentence, then a space. A piece is cut inside a word only when a single word is longer than
    /// <paramref name="max"/>, and then never after a backslash or inside a surrogate pair. Text must have no newlines.
    /// </summary>
    public static IReadOnlyList<string> Split(string text, int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 8);
        var pieces = new List<string>();
        var rest = text.Trim();
        while (rest.Length > max)
        {
            var cut = SplitPoint(rest, max);
            pieces.Add(rest[..cut].TrimEnd());
            rest = rest[cut..].TrimStart();
        }

        if (rest.Length > 0)
        {
            pieces.Add(rest);
        }

        return pieces;
    }

    /// <summary>Where to cut <paramref name="text"/> so the first part has at most <paramref name="max"/> characters.</summary>
    private static int SplitPoint(string text, int max)
    {
        if (text.Length <= max)
        {
            return text.Length;
        }

        // The space after a sentence's end, in the second half of the window, reads best.
        for (var i = max; i > max / 2; i--)
        {
            if (text[i] == ' ' && text[i - 1] is '.' or '!' or '?' && (i < 2 || text[i - 2] != '\\'))
            {
                return i;
            }
        }

        for (var i = max; i > 0; i--)
        {
            if (text[i] == ' ')
            {
                return i;
            }
        }

        // One word longer than the window: cut it, but never between a backslash and what it escapes or inside a surrogate pair.
        var cut = max;
        while (cut > 1 && (text[cut - 1] == '\\' || char.IsHighSurrogate(text[cut - 1])))
        {
            cut--;
        }

        return cut;
    }

    /// <summary>
    /// A section's emoji as Discord should show it: as it is when it has no ASCII (or is a keycap such as "#️⃣", which
    /// escaping would break), escaped like any other text otherwise — the LLM engine writes it, so it is untrusted.
    /// </summary>
    public static string Emoji(string? emoji)
    {
        var trimmed = emoji?.Trim() ?? "";
        var keycap = trimmed.Contains('\u20E3', StringComparison.Ordinal);
        return trimmed.All(c => !char.IsAscii(c) || (keycap && (char.IsAsciiDigit(c) || c is '#' or '*'))) ? trimmed : Escape(trimmed);
    }
}
