using RoundupBot.Tests.TestSupport;

namespace RoundupBot.Cli.Tests;

public sealed class FetchCommandTests : IAsyncLifetime
{
    private LoopbackServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Fetches_imported_sources_then_finds_them_not_modified()
    {
        _server.MapFile("/a.rss", Feeds.Rss("Alpha", 5, "alpha"));
        _server.MapFile("/b.rss", Feeds.Rss("Beta", 3, "beta"), etag: null);
        _server.MapFile("/arxiv.atom", Feeds.ArxivApi, "application/atom+xml");
        using var cli = CliRun.WithSources();
        var opml = Path.Combine(cli.Directory, "feeds.opml");
        await File.WriteAllTextAsync(opml, Feeds.Opml(("Alpha", _server.Url("/a.rss")), ("Beta", _server.Url("/b.rss")), ("arXiv", _server.Url("/arxiv.atom"))));

        var import = await cli.RunAsync("sources", "import", opml);
        var first = await cli.RunAsync("fetch");
        var second = await cli.RunAsync("fetch", "--all", "--json");
        var list = await cli.RunAsync("sources", "list", "--json");

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Contains("Imported 3 sources", import.Out);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("Fetched 3 sources", first.Out);
        Assert.Contains("10 entries, 10 new items", first.Out);
        Assert.Contains("[3/3]", first.Error);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(3, second.Json().GetProperty("notModified").GetInt32());
        Assert.Equal(0, second.Json().GetProperty("inserted").GetInt32());
        var sources = list.Json().EnumerateArray().ToList();
        Assert.Equal([5, 3, 2], sources.Select(s => s.GetProperty("items").GetInt32()));
        Assert.All(sources, s => Assert.Equal("ok", s.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task A_second_plain_fetch_skips_sources_that_are_not_due()
    {
        _server.MapFile("/a.rss", Feeds.Rss("Alpha", 2));
        using var cli = CliRun.WithSources($$"""[{ "Name": "Alpha", "Url": "{{_server.Url("/a.rss")}}" }]""");

        await cli.RunAsync("fetch");
        var again = await cli.RunAsync("fetch");

        Assert.Equal(0, again.ExitCode);
        Assert.Contains("No source is due", again.Out);
        Assert.Equal(1, _server.RequestCount("/a.rss"));
    }

    [Fact]
    public async Task One_broken_source_never_stops_the_others_and_its_error_is_shown()
    {
        _server.MapFile("/good.rss", Feeds.Rss("Good", 4));
        _server.Map("/broken.rss", ctx => { ctx.Response.StatusCode = 500; return Task.CompletedTask; });
        _server.MapFile("/html.rss", "<!DOCTYPE html><html><head><title>Blog</title></head><body>Not a feed</body></html>", "text/html");
        using var cli = CliRun.WithSources($$"""
            [
              { "Name": "Broken", "Url": "{{_server.Url("/broken.rss")}}" },
              { "Name": "Good", "Url": "{{_server.Url("/good.rss")}}" },
              { "Name": "Page", "Url": "{{_server.Url("/html.rss")}}" }
            ]
            """);

        var fetch = await cli.RunAsync("fetch");
        var list = await cli.RunAsync("sources", "list");

        Assert.True(fetch.ExitCode == 0, fetch.ToString());
        Assert.Contains("4 new items", fetch.Out);
        Assert.Contains("2 failed", fetch.Out);
        Assert.Contains("failed: [1] Broken:", fetch.Out);
        Assert.Contains("500", fetch.Out);
        Assert.Contains("failed: [3] Page:", fetch.Out);
        Assert.Contains("HTML", fetch.Out, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("failing ×1", list.Out);
        Assert.Matches(@"2\s+Good\s+rss\s+ok", list.Out);
    }

    [Fact]
    public async Task A_failing_sources_query_secret_appears_neither_in_fetch_nor_in_sources_list()
    {
        _server.Map("/locked.rss", ctx => { ctx.Response.StatusCode = 401; return Task.CompletedTask; });
        _server.MapFile("/page.rss", "<!DOCTYPE html><html><head><title>Blog</title></head><body>Not a feed</body></html>", "text/html");
        using var cli = CliRun.WithSources($$"""
            [
              { "Name": "Locked", "Url": "{{_server.Url("/locked.rss?apikey=sk-live-0123456789abcdef")}}" },
              { "Name": "Page", "Url": "{{_server.Url("/page.rss?apikey=sk-live-0123456789abcdef")}}" }
            ]
            """);

        var fetch = await cli.RunAsync("fetch");
        var list = await cli.RunAsync("sources", "list");
        var json = await cli.RunAsync("sources", "list", "--json");

        Assert.Equal(1, fetch.ExitCode);
        Assert.Contains(_server.Url("/locked.rss").AbsoluteUri + " answered 401", fetch.Out);
        Assert.Contains(_server.Url("/locked.rss").AbsoluteUri + " answered 401", list.Out);
        Assert.Contains(_server.Url("/page.rss").AbsoluteUri, json.Out);
        foreach (var output in new[] { fetch, list })
        {
            Assert.DoesNotContain("sk-live-0123456789abcdef", output.Out + output.Error);
        }

        // The source's own URL is the operator's and stays in the store (and in the url field) as given; its errors do not repeat it.
        Assert.All(json.Json().EnumerateArray(), s => Assert.DoesNotContain("sk-live", s.GetProperty("lastError").GetString()!));
    }

    [Fact]
    public async Task Exits_with_1_when_every_source_fails()
    {
        _server.Map("/gone.rss", ctx => { ctx.Response.StatusCode = 410; return Task.CompletedTask; });
        using var cli = CliRun.WithSources($$"""[{ "Name": "Gone", "Url": "{{_server.Url("/gone.rss")}}" }]""");

        var fetch = await cli.RunAsync("fetch");

        Assert.Equal(1, fetch.ExitCode);
        Assert.Contains("410", fetch.Out);
    }

    [Fact]
    public async Task A_private_address_is_refused_unless_the_configuration_allows_it()
    {
        _server.MapFile("/a.rss", Feeds.Rss("Alpha", 2));
        using var cli = new CliRun($$"""{ "Sources": [{ "Name": "Local", "Url": "{{_server.Url("/a.rss")}}" }] }""");

        var fetch = await cli.RunAsync("fetch");

        Assert.Equal(1, fetch.ExitCode);
        Assert.Contains("127.0.0.1", fetch.Out);
        Assert.Contains("Fetch:AllowPrivateAddresses", fetch.Out);
        Assert.Equal(0, _server.RequestCount("/a.rss"));
    }

}
