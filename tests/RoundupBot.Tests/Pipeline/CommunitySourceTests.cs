using RoundupBot.Model;
using RoundupBot.Tests.TestSupport;

namespace RoundupBot.Tests.Pipeline;

/// <summary>Hugging Face and Hacker News sources fetched over loopback by the real pipeline, with good and broken answers.</summary>
public sealed class CommunitySourceTests : IAsyncLifetime
{
    private static readonly string Community = Path.Combine(AppContext.BaseDirectory, "TestData", "Community");
    private PipelineHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await PipelineHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Upvotes_and_points_join_the_items_they_point_at_and_a_later_fetch_refreshes_them()
    {
        _harness.Server.MapFile("/rss/cs.CL", await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "Week", "arxiv-cs.CL.rss")));
        _harness.Server.MapFile("/msr.xml", await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "Week", "msr.xml")));
        _harness.Server.MapFile("/api/daily_papers", await File.ReadAllTextAsync(Path.Combine(Community, "daily-papers.json")), "application/json", etag: "\"day1\"");
        _harness.Server.MapFile("/api/v1/search", await File.ReadAllTextAsync(Path.Combine(Community, "hn-search.json")), "application/json", etag: null);
        await AddAsync("/rss/cs.CL", "arXiv cs.CL", SourceKind.Arxiv);
        await AddAsync("/msr.xml", "Microsoft Research Blog", SourceKind.Rss);
        var hf = await AddAsync("/api/daily_papers", "Hugging Face daily papers", SourceKind.HuggingFace);
        var hn = await AddAsync("/api/v1/search?query=LLM&tags=story", "Hacker News", SourceKind.HackerNews);

        var report = await _harness.FetchPipeline().FetchDueAsync(null, CancellationToken.None);

        Assert.Equal(0, report.Failed);
        Assert.Equal(2, report.Outcomes.Single(o => o.Source.Id == hn.Id).Skipped);
        var (items, facts) = await FactsAsync();
        var paper = items.Single(i => i.ArxivId == "2401.10001");
        Assert.Contains(hf.Id, paper.SourceIds);
        Assert.Equal(142, facts.Signals[paper.Id].Single(s => s.SourceId == hf.Id).Signal.Count);
        var post = items.Single(i => i.Link == "https://www.microsoft.com/en-us/research/blog/small-models-big-results/");
        Assert.Equal("Small models, big results: the power of textbook-quality data", post.Title);
        Assert.Equal(312, facts.Signals[post.Id].Single().Signal.Count);
        // A story with no item of ours becomes one; a paper only Hugging Face lists too.
        Assert.Contains(items, i => i.Link == "https://engineering.example-startup.com/blog/llm-agents-in-production" && i.SourceIds.SequenceEqual([hn.Id]));
        Assert.Contains(items, i => i.ArxivId == "2401.10301" && i.SourceIds.SequenceEqual([hf.Id]));

        var refreshed = (await File.ReadAllTextAsync(Path.Combine(Community, "daily-papers.json"))).Replace("\"upvotes\": 142", "\"upvotes\": 230", StringComparison.Ordinal);
        _harness.Server.MapFile("/api/daily_papers", refreshed, "application/json", etag: "\"day1-later\"");
        _harness.Database.Time.Advance(TimeSpan.FromHours(2));
        await _harness.FetchPipeline().FetchDueAsync(null, CancellationToken.None);

        (_, facts) = await FactsAsync();
        var signal = facts.Signals[paper.Id].Single(s => s.SourceId == hf.Id);
        Assert.Equal(230, signal.Signal.Count);
        Assert.True(signal.UpdatedAt > signal.FirstSeenAt);
    }

    [Theory]
    [InlineData("<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>", "but got an HTML page")]
    [InlineData("""{ "message": "rate limited" }""", "but got an object with keys message")]
    [InlineData("""{ "hits": [ { "title": "No id", "url": "https://a.example/" } ] }""", "hit 0 has no objectID")]
    [InlineData("""{ "hits": [ { "objectID": "1", "title": "T", "url": "https://a.example/", "points": -50 } ] }""", "hit 0 (story 1) has points -50")]
    public async Task A_broken_answer_is_that_source_s_error_and_keeps_its_items_and_numbers_while_other_sources_go_on(string broken, string expected)
    {
        _harness.Server.MapFile("/api/v1/search", await File.ReadAllTextAsync(Path.Combine(Community, "hn-search.json")), "application/json", etag: "\"v1\"");
        _harness.Server.MapFile("/blog.xml", await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "Week", "openai.xml")), etag: "\"v1\"");
        var hn = await AddAsync("/api/v1/search", "Hacker News", SourceKind.HackerNews);
        var blog = await AddAsync("/blog.xml", "OpenAI News", SourceKind.Rss);
        await _harness.FetchPipeline().FetchDueAsync(null, CancellationToken.None);
        var (before, factsBefore) = await FactsAsync();

        _harness.Server.MapFile("/api/v1/search", broken, "application/json", etag: "\"v2\"");
        _harness.Database.Time.Advance(TimeSpan.FromHours(2));
        var report = await _harness.FetchPipeline().FetchDueAsync(null, CancellationToken.None);

        var failed = Assert.Single(report.Outcomes, o => !o.Succeeded);
        Assert.Equal(hn.Id, failed.Source.Id);
        Assert.True(report.Outcomes.Single(o => o.Source.Id == blog.Id).Succeeded);
        var stored = await _harness.Store.GetSourceAsync(hn.Id, CancellationToken.None);
        Assert.Contains(_harness.Server.Url("/api/v1/search").AbsoluteUri, stored!.Fetch.LastError, StringComparison.Ordinal);
        Assert.Contains(expected, stored.Fetch.LastError, StringComparison.Ordinal);
        Assert.Equal(1, stored.Fetch.ConsecutiveFailures);
        var (after, factsAfter) = await FactsAsync();
        Assert.Equal(before.Select(i => i.Id), after.Select(i => i.Id));
        Assert.Equal(
            factsBefore.Signals.SelectMany(p => p.Value).Select(s => (s.ItemId, s.Signal.Count)),
            factsAfter.Signals.SelectMany(p => p.Value).Select(s => (s.ItemId, s.Signal.Count)));
    }

    private Task<Source> AddAsync(string pathAndQuery, string name, SourceKind kind) =>
        _harness.Store.AddSourceAsync(new Source { Name = name, Url = _harness.Server.Url(pathAndQuery).AbsoluteUri, Kind = kind }, CancellationToken.None);

    private async Task<(IReadOnlyList<Item> Items, RoundupBot.Storage.SelectionFacts Facts)> FactsAsync()
    {
        var items = await _harness.Store.ListItemsAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, CancellationToken.None);
        return (items, await _harness.Store.GetSelectionFactsAsync([.. items.Select(i => i.Id)], CancellationToken.None));
    }
}
