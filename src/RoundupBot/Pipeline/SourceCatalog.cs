using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RoundupBot.Ingestion;
using RoundupBot.Model;
using RoundupBot.Storage;

namespace RoundupBot.Pipeline;

/// <summary>
/// The sources use cases: seeding the configured <c>Sources</c> into the store, adding (after a check), removing,
/// OPML import and export. The configuration owns the sources it lists: seeding keeps their name, kind, weight and
/// selectors in step with it, and they are removed by editing the file, not with <c>sources remove</c>.
/// </summary>
public sealed class SourceCatalog(
    IRoundupStore store,
    SourceInspector inspector,
    IOptions<SourcesOptions> configured,
    ILogger<SourceCatalog> logger)
{
    /// <summary>Adds the configured sources the store lacks and updates the ones whose settings changed.</summary>
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var existing = (await store.ListSourcesAsync(cancellationToken)).ToDictionary(s => s.Url, StringComparer.Ordinal);
        int added = 0, updated = 0;
        foreach (var option in configured.Value.Sources)
        {
            // The validator has already refused unknown kinds, so the parse cannot fail here.
            _ = SourceKinds.TryParse(option.Kind, out var kind);
            var url = option.Url!.Trim();
            var name = string.IsNullOrWhiteSpace(option.Name) ? new Uri(url).Host : option.Name.Trim();
            if (!existing.TryGetValue(url, out var source))
            {
                await store.AddSourceAsync(new Source { Name = name, Url = url, Kind = kind, Weight = option.Weight, Selectors = option.Selectors }, cancellationToken);
                added++;
            }
            else if (source.Name != name || source.Kind != kind || source.Weight != option.Weight || source.Selectors != option.Selectors)
            {
                await store.UpdateSourceAsync(source with { Name = name, Kind = kind, Weight = option.Weight, Selectors = option.Selectors }, cancellationToken);
                updated++;
            }
        }

        if (added + updated > 0)
        {
            Log.SourcesSeeded(logger, added, updated);
        }
    }

    /// <summary>
    /// Checks the URL (following a page's feed link), then stores the feed as a source named <paramref name="name"/>
    /// or by the feed's title. The kind is taken from the feed when not given (an arXiv feed becomes <c>arxiv</c>).
    /// </summary>
    /// <exception cref="InvalidInputException">Malformed URL, or a source with that feed URL exists.</exception>
    public async Task<(Source Source, SourceCheck Check)> AddAsync(string url, string? name, SourceKind? kind, HtmlSelectors? selectors, CancellationToken cancellationToken)
    {
        var uri = SourceInspector.ParseUrl(url);
        if (kind == SourceKind.Html && selectors is null)
        {
            throw new InvalidInputException("an html source needs CSS selectors: pass --selectors \"item=article;title=h2;link=a;date=time;summary=p\".");
        }

        await EnsureNewAsync(uri.AbsoluteUri, cancellationToken);
        var check = await inspector.CheckAsync(uri.AbsoluteUri, kind ?? SourceKind.Rss, selectors, cancellationToken);
        var feedUrl = check.Url.AbsoluteUri;
        if (check.Discovered)
        {
            await EnsureNewAsync(feedUrl, cancellationToken);
        }

        var source = new Source
        {
            Name = string.IsNullOrWhiteSpace(name) ? (check.Feed.Title?.Trim() is { Length: > 0 } title ? title : check.Url.Host) : name.Trim(),
            Url = feedUrl,
            Kind = kind ?? (check.Feed.Kind == FeedKind.Arxiv ? SourceKind.Arxiv : SourceKind.Rss),
            Selectors = selectors,
            Fetch = new SourceFetchState { FeedTitle = check.Feed.Title },
        };
        return (await store.AddSourceAsync(source, cancellationToken), check);
    }

    /// <exception cref="InvalidInputException">No source has that id, or the configuration lists it.</exception>
    public async Task<Source> RemoveAsync(long id, CancellationToken cancellationToken)
    {
        var source = await store.GetSourceAsync(id, cancellationToken)
            ?? throw new InvalidInputException($"there is no source with id {id}; 'sources list' shows the ids.");
        var index = configured.Value.Sources.FindIndex(s => string.Equals(s.Url?.Trim(), source.Url, StringComparison.Ordinal));
        if (index >= 0)
        {
            throw new InvalidInputException($"source {id} ({source.Url}) is listed in the configuration as Sources:{index}; remove it there.");
        }

        await store.RemoveSourceAsync(id, cancellationToken);
        return source;
    }

    /// <summary>Adds every feed of an OPML file that is not a source yet. Feeds are not fetched here: the next fetch reads them.</summary>
    /// <returns>The sources added and the number of feeds skipped because they exist or their URL is not http(s).</returns>
    public async Task<(IReadOnlyList<Source> Added, int Skipped)> ImportAsync(string opmlPath, CancellationToken cancellationToken)
    {
        var outlines = OpmlFile.Read(opmlPath);
        if (outlines.Count == 0)
        {
            throw new InvalidInputException($"{opmlPath} lists no feeds: expected <outline> elements with an xmlUrl attribute.");
        }

        var existing = (await store.ListSourcesAsync(cancellationToken)).Select(s => s.Url).ToHashSet(StringComparer.Ordinal);
        var added = new List<Source>();
        var skipped = 0;
        foreach (var outline in outlines)
        {
            if (HttpUrl.TryParse(outline.XmlUrl) is not { } uri || !existing.Add(uri.AbsoluteUri))
            {
                skipped++;
                continue;
            }

            var kind = SourceKinds.TryParse(outline.Type, out var typed) && SourceKinds.IsSignal(typed) ? typed
                : uri.Host.EndsWith("arxiv.org", StringComparison.OrdinalIgnoreCase) ? SourceKind.Arxiv
                : SourceKind.Rss;
            added.Add(await store.AddSourceAsync(new Source { Name = outline.Title, Url = uri.AbsoluteUri, Kind = kind }, cancellationToken));
        }

        return (added, skipped);
    }

    /// <summary>The sources as an OPML 2.0 document.</summary>
    public async Task<string> ExportAsync(string title, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var sources = await store.ListSourcesAsync(cancellationToken);
        return OpmlFile.Write(title, sources.Where(s => s.Kind != SourceKind.Html).Select(s => new OpmlOutline(s.Name, s.Url, null, SourceKinds.IsSignal(s.Kind) ? SourceKinds.Format(s.Kind) : null)), now);
    }

    private async Task EnsureNewAsync(string url, CancellationToken cancellationToken)
    {
        if (await store.FindSourceByUrlAsync(url, cancellationToken) is { } existing)
        {
            throw new InvalidInputException($"{url} is already source {existing.Id} ('{existing.Name}').");
        }
    }
}
