using System.IO.Compression;
using Microsoft.AspNetCore.Http;
using RoundupBot.Ingestion.Fetching;
using RoundupBot.Model;
using RoundupBot.Pipeline;
using RoundupBot.Storage.Sqlite;
using RoundupBot.Tests.Storage;
using RoundupBot.Tests.TestSupport;

namespace RoundupBot.Tests.Pipeline;

public sealed class FetchPipelineTests : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);
    private PipelineHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await PipelineHarness.StartAsync(o =>
    {
        o.Timeout = TimeSpan.FromSeconds(2);
        o.MaxBytes = 2 * 1024 * 1024;
    });

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Hostile_and_broken_feeds_never_harm_the_good_ones()
    {
        _harness.Server.MapFile("/good.rss", Rss("Good", 3));
        _harness.Server.MapFile("/bomb.xml", """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
            <rss version="2.0"><channel><title>&lol3;</title><item><title>Bomb &lol3;</title><link>https://bomb.example.org/1</link></item></channel></rss>
            """);
        // Compressed before the fetch starts: compressing 64 MB inside the handler took longer than the 2 s timeout on a
        // loaded machine, so the bomb was reported as a timeout instead of reaching the size cap.
        var gzipBomb = GzipOfZeros(64 * 1024 * 1024);
        _harness.Server.Map("/gzip-bomb.rss", async ctx =>
        {
            ctx.Response.Headers.ContentEncoding = "gzip";
            ctx.Response.ContentType = "application/rss+xml";
            await ctx.Response.Body.WriteAsync(gzipBomb);
        });
        _harness.Server.Map("/hang.rss", async ctx => await Task.Delay(Timeout.Infinite, ctx.RequestAborted));
        _harness.Server.MapRedirect("/loop-a", "/loop-b");
        _harness.Server.MapRedirect("/loop-b", "/loop-a");
        _harness.Server.MapFile("/empty.rss", "");
        _harness.Server.MapFile("/malformed.rss", "<rss><channel><title>Unclosed</channel>");
        var good = await AddAsync("/good.rss");
        var bad = new[]
        {
            await AddAsync("/gzip-bomb.rss"), await AddAsync("/hang.rss"), await AddAsync("/loop-a"),
            await AddAsync("/empty.rss"), await AddAsync("/malformed.rss"), await AddAsync("/missing.rss"),
        };
        var bomb = await AddAsync("/bomb.xml");

        var report = await Pipeline().FetchDueAsync(null, CancellationToken.None);

        Assert.Equal(8, report.Sources);
        Assert.Equal(6, report.Failed);
        var sources = (await _harness.Store.ListSourcesAsync(CancellationToken.None)).ToDictionary(s => s.Id);
        Assert.Equal(3, sources[good.Id].ItemCount);
        Assert.Null(sources[good.Id].Fetch.LastError);
        // The bomb's entities are never defined, so the document is read without them and nothing is expanded.
        var bombItems = await _harness.Store.ListItemsAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, CancellationToken.None);
        Assert.DoesNotContain(bombItems, i => i.Title.Contains("lollol", StringComparison.Ordinal));
        Assert.All(bad, s => Assert.Equal(1, sources[s.Id].Fetch.ConsecutiveFailures));
        Assert.Contains("larger than", sources[bad[0].Id].Fetch.LastError, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("time", sources[bad[1].Id].Fetch.LastError, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("redirect", sources[bad[2].Id].Fetch.LastError, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("empty", sources[bad[3].Id].Fetch.LastError, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("malformed XML", sources[bad[4].Id].Fetch.LastError, StringComparison.Ordinal);
        Assert.Equal(404, sources[bad[5].Id].Fetch.LastStatus);
        Assert.All(bad, s => Assert.Contains(_harness.Server.BaseUrl.Authority, sources[s.Id].Fetch.LastError, StringComparison.Ordinal));
        Assert.Equal(0, sources[bomb.Id].Fetch.ConsecutiveFailures);
    }

    [Fact]
    public async Task A_failing_source_backs_off_doubling_up_to_the_cap_and_recovers()
    {
        var failing = true;
        _harness.Server.Map("/flaky.rss", async ctx =>
        {
            if (failing)
            {
                ctx.Response.StatusCode = 500;
                return;
            }

            ctx.Response.ContentType = "application/rss+xml";
            await ctx.Response.WriteAsync(Rss("Flaky", 2));
        });
        var source = await AddAsync("/flaky.rss");
        var pipeline = Pipeline(o => o.MaxBackoff = TimeSpan.FromHours(3));
        var waits = new List<TimeSpan>();

        for (var i = 0; i < 4; i++)
        {
            var start = _harness.Database.Time.GetUtcNow();
            await pipeline.FetchAsync([(await _harness.Store.GetSourceAsync(source.Id, CancellationToken.None))!], null, CancellationToken.None);
            var state = (await _harness.Store.GetSourceAsync(source.Id, CancellationToken.None))!.Fetch;
            waits.Add(state.NextDueAt!.Value - start);
            Assert.Equal(i + 1, state.ConsecutiveFailures);
            Assert.Equal(500, state.LastStatus);
            _harness.Database.Time.Advance(TimeSpan.FromMinutes(1));
        }

        failing = false;
        await pipeline.FetchAsync([(await _harness.Store.GetSourceAsync(source.Id, CancellationToken.None))!], null, CancellationToken.None);
        var recovered = (await _harness.Store.GetSourceAsync(source.Id, CancellationToken.None))!;

        Assert.Equal([Interval, Interval * 2, TimeSpan.FromHours(3), TimeSpan.FromHours(3)], waits);
        Assert.Equal(0, recovered.Fetch.ConsecutiveFailures);
        Assert.Null(recovered.Fetch.LastError);
        Assert.Equal(2, recovered.ItemCount);
        Assert.Equal(_harness.Database.Time.GetUtcNow() + Interval, recovered.Fetch.NextDueAt);
    }

    [Fact]
    public async Task A_429_waits_at_least_as_long_as_the_server_asks()
    {
        _harness.Server.Map("/busy.rss", ctx =>
        {
            ctx.Response.StatusCode = 429;
            ctx.Response.Headers.RetryAfter = "7200";
            return Task.CompletedTask;
        });
        var source = await AddAsync("/busy.rss");

        await Pipeline().FetchDueAsync(null, CancellationToken.None);

        var state = (await _harness.Store.GetSourceAsync(source.Id, CancellationToken.None))!.Fetch;
        Assert.Equal(429, state.LastStatus);
        Assert.Equal(_harness.Database.Time.GetUtcNow() + TimeSpan.FromHours(2), state.NextDueAt);
    }

    [Fact]
    public async Task An_unchanged_feed_costs_a_304_and_keeps_its_items()
    {
        _harness.Server.MapFile("/a.rss", Rss("A", 4));
        var source = await AddAsync("/a.rss");
        var pipeline = Pipeline();

        var first = await pipeline.FetchDueAsync(null, CancellationToken.None);
        _harness.Database.Time.Advance(Interval);
        var second = await pipeline.FetchDueAsync(null, CancellationToken.None);

        Assert.Equal(4, first.Items.Inserted);
        Assert.Equal(1, second.NotModified);
        Assert.Equal(0, second.Entries);
        var stored = (await _harness.Store.GetSourceAsync(source.Id, CancellationToken.None))!;
        Assert.Equal(304, stored.Fetch.LastStatus);
        Assert.Equal("\"v1\"", stored.Fetch.ETag);
        Assert.Equal(4, stored.ItemCount);
    }

    [Fact]
    public async Task The_same_paper_from_two_arxiv_categories_is_one_item_carried_by_both()
    {
        _harness.Server.MapFile("/cs.CL", ArxivListing("cs.CL", "2406.01234v1"));
        _harness.Server.MapFile("/cs.LG", ArxivListing("cs.LG", "2406.01234v2"));
        await AddAsync("/cs.CL");
        await AddAsync("/cs.LG");

        await Pipeline().FetchDueAsync(null, CancellationToken.None);

        var item = Assert.Single(await _harness.Store.ListItemsAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, CancellationToken.None));
        Assert.Equal("arxiv:2406.01234", item.CanonicalKey);
        Assert.Equal(2, item.ArxivVersion);
        Assert.Equal(2, item.SourceIds.Count);
    }

    private FetchPipeline Pipeline(Action<FetchOptions>? configure = null)
    {
        var options = new FetchOptions { Interval = Interval };
        configure?.Invoke(options);
        return _harness.FetchPipeline(options);
    }

    private Task<Source> AddAsync(string path) =>
        _harness.Store.AddSourceAsync(new Source { Name = path.Trim('/'), Url = _harness.Server.Url(path).AbsoluteUri }, CancellationToken.None);

    private static byte[] GzipOfZeros(int size)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize))
        {
            gzip.Write(new byte[size]);
        }

        return buffer.ToArray();
    }

    private static string Rss(string title, int items) =>
        $"""
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>{title}</title><link>https://{title.ToLowerInvariant()}.example.org/</link>
        {string.Concat(Enumerable.Range(1, items).Select(i =>
            $"<item><title>{title} post {i} on sparse attention kernels</title><link>https://{title.ToLowerInvariant()}.example.org/{i}</link><description>Post {i}.</description></item>"))}
        </channel></rss>
        """;

    private static string ArxivListing(string category, string idWithVersion) =>
        $"""
        <?xml version='1.0' encoding='UTF-8'?>
        <rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0">
          <channel>
            <title>{category} updates on arXiv.org</title>
            <link>http://rss.arxiv.org/rss/{category}</link>
            <item>
              <title>Sparse Attention at Scale</title>
              <link>https://arxiv.org/abs/{idWithVersion[..^2]}</link>
              <description>arXiv:{idWithVersion} Announce Type: new
        Abstract: We make attention sparse.</description>
              <guid isPermaLink="false">oai:arXiv.org:{idWithVersion}</guid>
              <category>{category}</category>
              <dc:creator>Ada Lovelace, Alan Turing</dc:creator>
            </item>
          </channel>
        </rss>
        """;
}
