using AngleSharp.Dom;

namespace RoundupBot.Ingestion.Parsing;

/// <summary>
/// Feed autodiscovery: the feeds an HTML page links with <c>&lt;link rel="alternate" type="…"&gt;</c>, resolved against
/// the page's <c>&lt;base href&gt;</c> or URL. RSS comes first, then Atom, then JSON Feed; each URL appears once. Reads only
/// the given text; never fetches anything. Thread-safe.
/// </summary>
public static class FeedDiscovery
{
    private static readonly string[] _mediaTypes =
    [
        "application/rss+xml", "application/rdf+xml", "application/atom+xml", "application/feed+json", "application/json",
    ];

    /// <summary>The feeds <paramref name="html"/> links, best first; empty when it links none.</summary>
    /// <param name="html">The page.</param>
    /// <param name="pageUrl">Relative links resolve against it; errors name it.</param>
    /// <param name="cancellationToken">Stops the parse (an <see cref="OperationCanceledException"/>).</param>
    /// <exception cref="FeedParseException">The page nests elements deeper than <see cref="FeedParser.MaxDepth"/>.</exception>
    public static IReadOnlyList<DiscoveredFeed> FindFeeds(string html, Uri pageUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(pageUrl);
        return FindFeeds(html, pageUrl, new ParseBudget(pageUrl, cancellationToken));
    }

    internal static IReadOnlyList<DiscoveredFeed> FindFeeds(string html, Uri pageUrl, ParseBudget budget)
    {
        using var document = HtmlText.ParseDocument(html, budget);
        var baseUrl = FeedUrls.ResolveUri(document.QuerySelector("base[href]")?.GetAttribute("href"), pageUrl) ?? pageUrl;

        var found = new List<(int Rank, DiscoveredFeed Feed)>();
        foreach (var link in document.QuerySelectorAll("link[rel][href][type]"))
        {
            if (!IsAlternate(link))
            {
                continue;
            }
            var type = link.GetAttribute("type")!.Split(';')[0].Trim().ToLowerInvariant();
            var rank = Array.IndexOf(_mediaTypes, type);
            if (rank < 0 || FeedUrls.ResolveUri(link.GetAttribute("href"), baseUrl) is not { } url)
            {
                continue;
            }
            if (found.Exists(f => f.Feed.Url == url))
            {
                continue;
            }
            var title = link.GetAttribute("title");
            found.Add((rank, new DiscoveredFeed(url, string.IsNullOrWhiteSpace(title) ? null : title.Trim(), type)));
        }
        // A stable sort: equal ranks keep the page's order, which is the site's own preference.
        return [.. found.OrderBy(f => f.Rank).Select(f => f.Feed)];
    }

    private static bool IsAlternate(IElement link)
    {
        var rel = link.GetAttribute("rel");
        return rel is not null
            && rel.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(r => r.Equals("alternate", StringComparison.OrdinalIgnoreCase));
    }
}
