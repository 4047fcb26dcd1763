using RoundupBot.Ingestion.Fetching;
using RoundupBot.Ingestion.Normalization;
using RoundupBot.Ingestion.Parsing;
using RoundupBot.Model;

namespace RoundupBot.Pipeline;

/// <summary>
/// Fetches and parses one URL now, following a page's feed link when the URL is a web page (autodiscovery).
/// Used by <c>sources check</c> and before <c>sources add</c>; stores nothing.
/// </summary>
public sealed class SourceInspector(FeedFetcher fetcher, FeedParser parser, ItemNormalizer normalizer)
{
    /// <exception cref="InvalidInputException">The URL is not an absolute http(s) URL.</exception>
    /// <exception cref="FetchException">The URL (or the feed it links) could not be fetched.</exception>
    /// <exception cref="FeedParseException">Neither the URL nor a feed it links could be read as a feed.</exception>
    public async Task<SourceCheck> CheckAsync(string url, SourceKind kind, HtmlSelectors? selectors, CancellationToken cancellationToken)
    {
        var uri = ParseUrl(url);
        try
        {
            var feed = await FetchAndParseAsync(uri, kind, selectors, cancellationToken);
            return Check(uri, discovered: false, feed);
        }
        catch (FeedParseException ex) when (ex.DiscoveredFeeds.Count > 0 && kind != SourceKind.Html)
        {
            var feedUrl = ex.DiscoveredFeeds[0];
            var feed = await FetchAndParseAsync(feedUrl, kind, selectors, cancellationToken);
            return Check(feedUrl, discovered: true, feed);
        }
    }

    /// <exception cref="InvalidInputException">Not an absolute http or https URL.</exception>
    public static Uri ParseUrl(string url)
    {
        if (!Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(uri.Host))
        {
            throw new InvalidInputException($"'{url}' is not a feed URL: expected an absolute http or https URL such as https://example.org/feed.xml.");
        }

        return uri;
    }

    private async Task<ParsedFeed> FetchAndParseAsync(Uri url, SourceKind kind, HtmlSelectors? selectors, CancellationToken cancellationToken)
    {
        var response = await fetcher.FetchAsync(new FetchRequest(url), cancellationToken);
        return parser.Parse(new FeedDocument(response.Body, response.FinalUrl, response.MediaType, response.Charset), kind, selectors, cancellationToken);
    }

    private SourceCheck Check(Uri url, bool discovered, ParsedFeed feed) =>
        new(url, discovered, feed, feed.Entries.Select(normalizer.Normalize).ToList());
}
