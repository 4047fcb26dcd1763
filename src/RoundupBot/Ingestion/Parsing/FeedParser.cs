using RoundupBot.Model;

namespace RoundupBot.Ingestion.Parsing;

/// <summary>
/// Reads a fetched document as a feed: RSS 0.9x/1.0/2.0, Atom, JSON Feed 1.0/1.1, the arXiv API's Atom and arXiv's
/// listing RSS (detected by namespace and id shape whatever <c>kind</c> says, returned as <see cref="FeedKind.Arxiv"/>
/// with <see cref="ArxivMetadata"/>), or, for <see cref="SourceKind.Html"/> sources with <see cref="HtmlSelectors"/>,
/// an HTML page read with CSS selectors. The format is sniffed from the bytes; Content-Type is not trusted.
/// </summary>
/// <remarks>
/// Entry text is plain text and links are absolute. Entries without a link, or without both a title and a summary,
/// are skipped. Dates that cannot be parsed are null. DTDs are never processed (no entity expansion, no external
/// entities). Holds no state: one instance can be shared by any number of threads.
/// JSON Feed goes through CodeHollow.FeedReader. XML feeds are loaded with System.Xml.Linq and read by our own element
/// walk: CodeHollow's object model lacks the fields we need (arXiv metadata, content links), its XML load expands DTD
/// entities, and building that model we then ignored cost half of the parse time in the fetch benchmark.
/// </remarks>
public sealed partial class FeedParser
{
    private const string ExpectedFeed = "expected an RSS, Atom or JSON feed";

    /// <summary>Parses <paramref name="document"/>.</summary>
    /// <param name="document">The fetched bytes and their URL (relative links resolve against it; messages name it).</param>
    /// <param name="kind">How the source is configured. <see cref="SourceKind.Html"/> with <paramref name="selectors"/> reads HTML pages; a feed is read as a feed whatever the kind.</param>
    /// <param name="selectors">CSS selectors for HTML pages; ignored for feeds.</param>
    /// <exception cref="FeedParseException">
    /// The document is empty, malformed, not a feed (an HTML page: <see cref="FeedParseException.DiscoveredFeeds"/> lists
    /// the feeds it links), or an HTML source's selectors are invalid or match nothing. The message names the URL.
    /// </exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static",
        Justification = "An instance method so callers can inject and share one parser; it holds no state on purpose.")]
    public ParsedFeed Parse(FeedDocument document, SourceKind kind = SourceKind.Rss, HtmlSelectors? selectors = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        var url = document.Url;
        if (document.Body.IsEmpty)
        {
            throw Fail(url, "the body is empty");
        }

        var text = DocumentText.Decode(document);
        var start = FirstNonWhitespace(text);
        if (start < 0)
        {
            throw Fail(url, "the body is empty (only whitespace)");
        }

        var shape = DocumentSniffer.Sniff(text, start);
        if (kind is SourceKind.HuggingFace or SourceKind.HackerNews)
        {
            // A community API answers JSON of its own shape; anything else (an HTML error page, a feed) is an error.
            return kind == SourceKind.HuggingFace ? ParseHuggingFace(text, url, shape.Format) : ParseHackerNews(text, url, shape.Format);
        }

        return shape.Format switch
        {
            DocumentFormat.Json => ParseJson(text, url),
            DocumentFormat.XmlFeed => ParseXml(start == 0 ? text : text[start..], url),
            DocumentFormat.Html when kind == SourceKind.Html && selectors is not null => ParseHtml(text, url, selectors),
            DocumentFormat.Html => throw NotAFeed(text, url, kind),
            DocumentFormat.OtherJson => throw Fail(url,
                $"{ExpectedFeed} but got JSON that is not a JSON Feed (no \"version\": \"https://jsonfeed.org/version/1.1\")"),
            DocumentFormat.OtherXml => throw Fail(url,
                $"{ExpectedFeed} but got an XML document whose root element is <{shape.RootName}>"),
            _ when kind == SourceKind.Html && selectors is not null => ParseHtml(text, url, selectors),
            _ => throw Fail(url, $"{ExpectedFeed} but got text that is neither XML, JSON nor HTML (it starts with \"{Excerpt(text, start)}\")"),
        };
    }

    private static FeedParseException NotAFeed(string html, Uri url, SourceKind kind)
    {
        var feeds = FeedDiscovery.FindFeeds(html, url);
        var expected = kind == SourceKind.Html
            ? "expected CSS selectors for an HTML source, but none are configured"
            : $"{ExpectedFeed} but got an HTML page";
        var links = feeds.Count switch
        {
            0 => "it links no feed; read it as an HTML source with CSS selectors instead",
            1 => $"it links the feed {feeds[0].Url.AbsoluteUri}",
            _ => $"it links the feeds {string.Join(", ", feeds.Select(f => f.Url.AbsoluteUri))}",
        };
        return new FeedParseException($"{url.AbsoluteUri}: {expected}; {links}")
        {
            DiscoveredFeeds = [.. feeds.Select(f => f.Url)],
        };
    }

    private static FeedParseException Fail(Uri url, string problem, Exception? inner = null) =>
        inner is null
            ? new FeedParseException($"{url.AbsoluteUri}: {problem}")
            : new FeedParseException($"{url.AbsoluteUri}: {problem}", inner);

    private static int FirstNonWhitespace(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            // U+FEFF can survive as a second BOM after a transcoding proxy.
            if (!char.IsWhiteSpace(text[i]) && text[i] != '\uFEFF')
            {
                return i;
            }
        }
        return -1;
    }

    private static string Excerpt(string text, int start)
    {
        var excerpt = text.AsSpan(start, Math.Min(40, text.Length - start)).ToString();
        return HtmlText.CollapseWhitespace(excerpt);
    }
}
