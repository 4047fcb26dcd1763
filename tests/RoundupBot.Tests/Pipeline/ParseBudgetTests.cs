using System.Diagnostics;
using System.Text;
using RoundupBot.Ingestion.Parsing;
using RoundupBot.Model;
using RoundupBot.Tests.TestSupport;

namespace RoundupBot.Tests.Pipeline;

/// <summary>
/// Issue 13's stalled parser, over real HTTP: documents of a few megabytes nested a million (XML) or a hundred thousand
/// (HTML) levels deep once cost minutes of a core each. Fetched in one run beside a healthy feed, each must fail within
/// seconds with an error that names the depth limit, and the healthy feed must be stored as usual.
/// </summary>
public sealed class ParseBudgetTests : IAsyncLifetime
{
    private const string DepthError = "nested more than 256 deep";

    private PipelineHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await PipelineHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Deeply_nested_feeds_and_pages_fail_within_seconds_naming_the_depth_limit_and_other_sources_are_fetched()
    {
        var server = _harness.Server;
        server.MapFile("/deep-channel.rss", Rss(channelExtra: Nested("b", 1_000_000), itemTitle: "Fine"));
        server.MapFile("/deep-title.rss", Rss(channelExtra: "", itemTitle: Nested("b", 1_000_000)));
        server.MapFile("/deep.html", Nested("div", 100_000, "<!DOCTYPE html><html><head><title>Deep</title></head><body>", "</body></html>"), "text/html; charset=utf-8");
        server.MapFile("/good.rss", Rss(channelExtra: "", itemTitle: "A healthy entry"));
        var store = _harness.Store;
        await store.AddSourceAsync(new Source { Name = "Deep channel", Url = server.Url("/deep-channel.rss").AbsoluteUri }, CancellationToken.None);
        await store.AddSourceAsync(new Source { Name = "Deep title", Url = server.Url("/deep-title.rss").AbsoluteUri }, CancellationToken.None);
        await store.AddSourceAsync(new Source
        {
            Name = "Deep page",
            Url = server.Url("/deep.html").AbsoluteUri,
            Kind = SourceKind.Html,
            Selectors = new HtmlSelectors { Item = "article" },
        }, CancellationToken.None);
        // The same page as an RSS source goes through feed discovery instead.
        await store.AddSourceAsync(new Source { Name = "Deep page, discovered", Url = server.Url("/deep.html?discover").AbsoluteUri }, CancellationToken.None);
        await store.AddSourceAsync(new Source { Name = "Good", Url = server.Url("/good.rss").AbsoluteUri }, CancellationToken.None);

        var started = Stopwatch.GetTimestamp();
        var report = await _harness.FetchPipeline().FetchDueAsync(null, CancellationToken.None);
        var elapsed = Stopwatch.GetElapsedTime(started);

        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"the fetch took {elapsed.TotalSeconds:0.0} s");
        var outcomes = report.Outcomes.ToDictionary(o => o.Source.Name);
        foreach (var name in new[] { "Deep channel", "Deep title", "Deep page", "Deep page, discovered" })
        {
            Assert.False(outcomes[name].Succeeded, name);
            Assert.Contains(DepthError, outcomes[name].Error, StringComparison.Ordinal);
            Assert.Contains(server.BaseUrl.Authority, outcomes[name].Error, StringComparison.Ordinal);
        }
        Assert.Contains("XML elements", outcomes["Deep title"].Error, StringComparison.Ordinal);
        Assert.Contains("HTML elements", outcomes["Deep page"].Error, StringComparison.Ordinal);
        Assert.True(outcomes["Good"].Succeeded, outcomes["Good"].Error);
        Assert.Equal(1, outcomes["Good"].Items.Inserted);
        var failed = (await store.ListSourcesAsync(CancellationToken.None)).Single(s => s.Name == "Deep title");
        Assert.Contains(DepthError, failed.Fetch.LastError, StringComparison.Ordinal);
    }

    private static string Nested(string tag, int depth, string before = "", string after = "")
    {
        var builder = new StringBuilder(before, before.Length + (depth * ((2 * tag.Length) + 5)) + after.Length);
        for (var i = 0; i < depth; i++)
        {
            builder.Append('<').Append(tag).Append('>');
        }
        builder.Append("text");
        for (var i = 0; i < depth; i++)
        {
            builder.Append("</").Append(tag).Append('>');
        }
        return builder.Append(after).ToString();
    }

    private static string Rss(string channelExtra, string itemTitle) =>
        $"""
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>Blog</title><link>https://blog.example.org/</link>{channelExtra}
        <item><title>{itemTitle}</title><link>https://blog.example.org/posts/1</link><description>Words about a thing.</description></item>
        </channel></rss>
        """;
}
