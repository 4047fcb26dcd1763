namespace RoundupBot.Ingestion.Parsing;

/// <summary>
/// Tells feeds from HTML pages and other documents by their first markup, skipping the XML prolog (declaration,
/// comments, processing instructions, document type), because servers label feeds text/html and pages text/xml.
/// </summary>
internal static class DocumentSniffer
{
    private static readonly HashSet<string> _htmlElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "html", "head", "body", "meta", "title", "link", "script", "style", "div", "p", "span", "a", "table", "form",
        "header", "main", "nav", "section", "article", "h1", "h2", "h3", "br", "img", "ul", "iframe",
    };

    public static (DocumentFormat Format, string? RootName) Sniff(string text, int start)
    {
        if (text[start] == '{')
        {
            // The version key may come anywhere in the object, so look further than the first bytes.
            var isJsonFeed = text.Contains("jsonfeed.org/version", StringComparison.OrdinalIgnoreCase);
            return (isJsonFeed ? DocumentFormat.Json : DocumentFormat.OtherJson, null);
        }
        if (text[start] != '<')
        {
            return (DocumentFormat.Text, null);
        }

        var span = text.AsSpan();
        var position = start;
        while (position < span.Length)
        {
            while (position < span.Length && char.IsWhiteSpace(span[position]))
            {
                position++;
            }
            var rest = span[position..];
            if (rest.StartsWith("<?", StringComparison.Ordinal))
            {
                position = Skip(span, position, "?>");
            }
            else if (rest.StartsWith("<!--", StringComparison.Ordinal))
            {
                position = Skip(span, position, "-->");
            }
            else if (rest.StartsWith("<!DOCTYPE", StringComparison.OrdinalIgnoreCase))
            {
                var name = ReadName(rest[9..].TrimStart());
                if (name.Equals("html", StringComparison.OrdinalIgnoreCase))
                {
                    return (DocumentFormat.Html, "html");
                }
                // The sanitizer removes it later; here only the root element matters, and a DTD's internal subset
                // may hold '>' characters, so skip to the end of the subset if there is one.
                var subsetEnd = rest.IndexOf("]>", StringComparison.Ordinal);
                var simpleEnd = rest.IndexOf('>');
                var bracket = rest.IndexOf('[');
                var end = bracket >= 0 && bracket < simpleEnd && subsetEnd >= 0 ? subsetEnd + 2 : simpleEnd + 1;
                if (simpleEnd < 0)
                {
                    return (DocumentFormat.OtherXml, "!DOCTYPE");
                }
                position += end;
            }
            else if (rest.Length > 1 && rest[0] == '<')
            {
                var name = ReadName(rest[1..]);
                var colon = name.IndexOf(':');
                var local = colon >= 0 ? name[(colon + 1)..] : name;
                // Any case: RSS 0.9x feeds write <RSS>, <rdf:rdf> and <Channel> too.
                if (local.Equals("rss", StringComparison.OrdinalIgnoreCase)
                    || local.Equals("feed", StringComparison.OrdinalIgnoreCase)
                    || local.Equals("RDF", StringComparison.OrdinalIgnoreCase)
                    || local.Equals("channel", StringComparison.OrdinalIgnoreCase))
                {
                    return (DocumentFormat.XmlFeed, name.ToString());
                }
                if (_htmlElements.Contains(local.ToString()))
                {
                    return (DocumentFormat.Html, name.ToString());
                }
                return (DocumentFormat.OtherXml, name.ToString());
            }
            else
            {
                break;
            }
        }
        return (DocumentFormat.Text, null);
    }

    private static int Skip(ReadOnlySpan<char> text, int position, string terminator)
    {
        var end = text[position..].IndexOf(terminator, StringComparison.Ordinal);
        return end < 0 ? text.Length : position + end + terminator.Length;
    }

    private static ReadOnlySpan<char> ReadName(ReadOnlySpan<char> text)
    {
        var length = 0;
        while (length < text.Length && (char.IsLetterOrDigit(text[length]) || text[length] is ':' or '-' or '_' or '.'))
        {
            length++;
        }
        return text[..length];
    }
}
