using System.Buffers;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace RoundupBot.Ingestion.Parsing;

/// <summary>
/// Makes feed XML safe and readable before it is loaded (a plain XML load, like CodeHollow.FeedReader's, expands DTD entities).
/// The document type declaration goes (so no entity is ever defined: no billion-laughs bomb, no external entity
/// fetched); HTML named entities that old RSS 0.91 feeds borrow from their DTD become the characters they name;
/// control characters that XML forbids are dropped. Each step runs only when a cheap scan says it is needed.
/// </summary>
internal static partial class XmlSanitizer
{
    private static readonly SearchValues<char> _forbiddenControls = SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000C\u000E\u000F"
        + "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F");

    public static string Sanitize(string xml)
    {
        xml = RemoveDoctype(xml);
        if (xml.AsSpan().IndexOfAny(_forbiddenControls) >= 0)
        {
            xml = RemoveForbiddenControls(xml);
        }
        if (HtmlEntityRegex().IsMatch(xml))
        {
            xml = HtmlEntityRegex().Replace(xml, static match =>
            {
                var decoded = WebUtility.HtmlDecode(match.Value);
                // An unknown name decodes to itself; dropping it keeps the document well-formed. HTML's upper-case
                // spellings of XML's own (&AMP; &LT;) must stay references, or they would become markup.
                return decoded == match.Value ? "" : decoded switch
                {
                    "&" => "&amp;",
                    "<" => "&lt;",
                    _ => decoded,
                };
            });
        }
        return xml;
    }

    /// <summary>
    /// Repairs what makes most broken feeds ill-formed, for a second, lenient read: an ampersand that starts no
    /// reference ("AT&amp;T", "?a=1&amp;b=2" written raw) becomes <c>&amp;amp;</c>, and a "&lt;" that cannot start markup
    /// ("a &lt; b") becomes <c>&amp;lt;</c>. Never introduces an entity.
    /// </summary>
    public static string Repair(string xml)
    {
        if (xml.Contains('&', StringComparison.Ordinal))
        {
            xml = StrayAmpersandRegex().Replace(xml, "&amp;");
        }
        return StrayLessThanRegex().Replace(xml, "&lt;");
    }

    /// <summary>Removes a <c>&lt;!DOCTYPE …&gt;</c> from the prolog, internal subset included, keeping its line breaks so error positions still match the original.</summary>
    public static string RemoveDoctype(string xml)
    {
        var span = xml.AsSpan();
        var position = 0;
        while (true)
        {
            while (position < span.Length && char.IsWhiteSpace(span[position]))
            {
                position++;
            }
            var rest = span[position..];
            if (rest.StartsWith("<?", StringComparison.Ordinal))
            {
                var end = rest.IndexOf("?>", StringComparison.Ordinal);
                if (end < 0)
                {
                    return xml;
                }
                position += end + 2;
            }
            else if (rest.StartsWith("<!--", StringComparison.Ordinal))
            {
                var end = rest.IndexOf("-->", StringComparison.Ordinal);
                if (end < 0)
                {
                    return xml;
                }
                position += end + 3;
            }
            else if (rest.StartsWith("<!DOCTYPE", StringComparison.OrdinalIgnoreCase))
            {
                var length = DoctypeLength(rest);
                var removed = rest[..length];
                var builder = new StringBuilder(xml.Length - length + 16);
                builder.Append(span[..position]);
                foreach (var c in removed)
                {
                    if (c == '\n')
                    {
                        builder.Append('\n');
                    }
                }
                builder.Append(span[(position + length)..]);
                return builder.ToString();
            }
            else
            {
                return xml;
            }
        }
    }

    // Scans to the '>' that closes the declaration, skipping quoted literals, comments and the bracketed internal
    // subset, where '>' may appear freely. An unterminated declaration swallows the rest: nothing after it can be
    // trusted, and the parser will then report a missing root element.
    private static int DoctypeLength(ReadOnlySpan<char> text)
    {
        var inSubset = false;
        for (var i = 2; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '"' or '\'')
            {
                var close = text[(i + 1)..].IndexOf(c);
                if (close < 0)
                {
                    return text.Length;
                }
                i += close + 1;
            }
            else if (c == '<' && text[i..].StartsWith("<!--", StringComparison.Ordinal))
            {
                var close = text[i..].IndexOf("-->", StringComparison.Ordinal);
                if (close < 0)
                {
                    return text.Length;
                }
                i += close + 2;
            }
            else if (c == '[')
            {
                inSubset = true;
            }
            else if (c == ']')
            {
                inSubset = false;
            }
            else if (c == '>' && !inSubset)
            {
                return i + 1;
            }
        }
        return text.Length;
    }

    private static string RemoveForbiddenControls(string xml)
    {
        var builder = new StringBuilder(xml.Length);
        var rest = xml.AsSpan();
        while (true)
        {
            var index = rest.IndexOfAny(_forbiddenControls);
            if (index < 0)
            {
                builder.Append(rest);
                return builder.ToString();
            }
            builder.Append(rest[..index]);
            rest = rest[(index + 1)..];
        }
    }

    [GeneratedRegex("&(?!#[0-9]{1,8};|#[xX][0-9A-Fa-f]{1,8};|(?:amp|lt|gt|quot|apos);)")]
    private static partial Regex StrayAmpersandRegex();

    [GeneratedRegex(@"<(?=[\s\d=<]|$)")]
    private static partial Regex StrayLessThanRegex();

    // Any named entity except XML's own five. Numeric references (&#233;) are XML and stay.
    [GeneratedRegex("&(?!(?:amp|lt|gt|quot|apos);)[A-Za-z][A-Za-z0-9]{1,31};")]
    private static partial Regex HtmlEntityRegex();
}
