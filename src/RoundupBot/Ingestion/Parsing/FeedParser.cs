using Microsoft.Extensions.Options;
using RoundupBot.Ingestion.Fetching;
using RoundupBot.Model;

namespace RoundupBot.Ingestion.Parsing;

/// <summary>
/// Reads a fetched document as a feed: RSS 0.90–0.94/1.0/2.0, Atom 1.0 and 0.3, JSON Feed 1.0/1.1, the arXiv API's Atom and arXiv's
/// listing RSS (detected by namespace and id shape whatever <c>kind</c> says, returned as <see cref="FeedKind.Arxiv"/>
/// with <see cref="ArxivMetadata"/>), or, for <see cref="SourceKind.Html"/> sources with <see cref="HtmlSelectors"/>,
/// an HTML page read with CSS selectors. The format is sniffed from the bytes; Content-Type is not trusted.
/// </summary>
/// <remarks>
/// Entry text is plain text and links are absolute. Entries without any http(s) link (link, permalink id, enclosure),
/// or without both a title and a summary, are skipped and counted in <see cref="ParsedFeed.Skipped"/>. Dates that
/// cannot be parsed are null. XML that is not well-formed is read again leniently, noted in
/// <see cref="ParsedFeed.Warnings"/>; only HTML's named entities are ever expanded. DTDs are never processed (no entity expansion, no external
/// entities). Holds no state: one instance can be shared by any number of threads.
/// Every parse runs under a budget, so no document costs more than a bounded time: elements may nest at most
/// <see cref="MaxDepth"/> deep (XML, JSON and HTML alike), and the parse stops when <c>Fetch:Timeout</c> has passed or
/// the caller's token is cancelled.
/// JSON Feed goes through CodeHollow.FeedReader. XML feeds are read in one forward pass of an XmlReader by our own
/// readers, one per format and namespace: CodeHollow's object model lacks the fields we need (arXiv metadata, content
/// links), its XML load expands DTD entities, and building a tree per document (theirs or ours) costs time the fetch
/// benchmark counts.
/// </remarks>
public sealed partial class FeedParser
{
    /// <summary>
    /// The deepest nesting of elements (or JSON objects and arrays) a document may have. Real feeds and pages stay well
    /// under 64; without a limit, a few megabytes of nested tags cost minutes of parsing. <value>256.</value>
    /// </summary>
    public const int MaxDepth = 256;

    private const string ExpectedFeed = "expected an RSS, Atom or JSON feed";

    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _timeLimit;

    /// <summary>A parser with the default budget: <see cref="FetchOptions.Timeout"/>'s default, on the system clock.</summary>
    public FeedParser() : this(TimeProvider.System, Options.Create(new FetchOptions())) { }

    /// <summary>A parser whose every parse must finish within <c>Fetch:Timeout</c>, measured on <paramref name="timeProvider"/>.</summary>
    public FeedParser(TimeProvider timeProvider, IOptions<FetchOptions> options)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(options);
        _timeProvider = timeProvider;
        _timeLimit = options.Value.Timeout;
    }

    /// <summary>Parses <paramref name="document"/>.</summary>
    /// <param name="document">The fetched bytes and their URL (relative links resolve against it; messages name it).</param>
    /// <param name="kind">How the source is configured. <see cref="SourceKind.Html"/> with <paramref name="selectors"/> reads HTML pages; a feed is read as a feed whatever the kind.</param>
    /// <param name="selectors">CSS selectors for HTML pages; ignored for feeds.</param>
    /// <param name="cancellationToken">Stops the parse (an <see cref="OperationCanceledException"/>); checked as elements are read.</param>
    /// <exception cref="FeedParseException">
    /// The document is empty, malformed, nested deeper than <see cref="MaxDepth"/>, took longer than <c>Fetch:Timeout</c>
    /// to read, not a feed (an HTML page: <see cref="FeedParseException.DiscoveredFeeds"/> lists the feeds it links), or an
    /// HTML source's selectors are invalid or match nothing. The message names the URL.
    /// </exception>
    public ParsedFeed Parse(FeedDocument document, SourceKind kind = SourceKind.Rss, HtmlSelectors? selectors = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        cancellationToken.ThrowIfCancellationRequested();
        using var deadline = new CancellationTokenSource(_timeLimit, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            var start = _timeProvider.GetTimestamp();
            var ticks = _timeLimit.TotalSeconds * _timeProvider.TimestampFrequency;
            var budget = new ParseBudget(document.Url, linked.Token)
            {
                Clock = _timeProvider,
                Deadline = ticks < long.MaxValue - start ? start + (long)ticks : long.MaxValue,
            };
            return Parse(document, kind, selectors, budget);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Fail(document.Url,
                $"reading the document took longer than Fetch:Timeout ({_timeLimit.TotalSeconds:0.#} s) and was stopped; "
                + "the feed is too large or too complex to read. Raise Fetch:Timeout if it is a real feed", ex);
        }
    }

    private static ParsedFeed Parse(FeedDocument document, SourceKind kind, HtmlSelectors? selectors, ParseBudget budget)
    {
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
            return kind == SourceKind.HuggingFace ? ParseHuggingFace(text, shape.Format, budget) : ParseHackerNews(text, shape.Format, budget);
        }

        return shape.Format switch
        {
            DocumentFormat.Json => ParseJson(text, budget),
            DocumentFormat.XmlFeed => ParseXml(start == 0 ? text : text[start..], budget),
            DocumentFormat.Html when kind == SourceKind.Html && selectors is not null => ParseHtml(text, selectors, budget),
            DocumentFormat.Html => throw NotAFeed(text, kind, budget),
            DocumentFormat.OtherJson => throw Fail(url,
                $"{ExpectedFeed} but got JSON that is not a JSON Feed (no \"version\": \"https://jsonfeed.org/version/1.1\")"),
            DocumentFormat.OtherXml => throw Fail(url,
                $"{ExpectedFeed} but got an XML document whose root element is <{shape.RootName}>"),
            _ when kind == SourceKind.Html && selectors is not null => ParseHtml(text, selectors, budget),
            _ => throw Fail(url, $"{ExpectedFeed} but got text that is neither XML, JSON nor HTML (it starts with \"{Excerpt(text, start)}\")"),
        };
    }

    private static FeedParseException NotAFeed(string html, SourceKind kind, ParseBudget budget)
    {
        var url = budget.Url;
        var feeds = FeedDiscovery.FindFeeds(html, url, budget);
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
