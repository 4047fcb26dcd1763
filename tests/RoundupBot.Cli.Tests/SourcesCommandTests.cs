using System.Text.Json;
using RoundupBot.Tests.TestSupport;

namespace RoundupBot.Cli.Tests;

public sealed class SourcesCommandTests : IAsyncLifetime
{
    private LoopbackServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Check_prints_the_feed_and_its_items_as_the_documented_json()
    {
        _server.MapFile("/api", Feeds.ArxivApi, "application/atom+xml");
        using var cli = CliRun.WithSources();

        var check = await cli.RunAsync("sources", "check", _server.Url("/api").AbsoluteUri, "--json");

        Assert.True(check.ExitCode == 0, check.ToString());
        var json = check.Json();
        Assert.Equal(_server.Url("/api").AbsoluteUri, json.GetProperty("url").GetString());
        Assert.Equal("arxiv", json.GetProperty("kind").GetString());
        var first = json.GetProperty("items")[0];
        Assert.Equal("Small Language Models and the Data Wall", first.GetProperty("title").GetString());
        Assert.Equal("https://arxiv.org/abs/2406.01234", first.GetProperty("link").GetString());
        Assert.Equal("2406.01234", first.GetProperty("arxivId").GetString());
        Assert.Equal("10.1000/slm.2026.1", first.GetProperty("doi").GetString());
        Assert.Equal(new[] { "Ada Lovelace", "Émile Borel" }, first.GetProperty("authors").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(new DateTimeOffset(2026, 6, 1, 17, 59, 59, TimeSpan.Zero), first.GetProperty("published").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Undefined, json.GetProperty("items")[1].TryGetProperty("doi", out var doi) ? doi.ValueKind : JsonValueKind.Undefined);
    }

    [Fact]
    public async Task Check_names_the_entries_it_cannot_use_and_why_in_text_and_json()
    {
        _server.MapFile("/linkless.rss", """
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0"><channel><title>Linkless</title><link>https://linkless.example.org/</link><description>x</description>
            <item><title>The only linked one</title><link>https://linkless.example.org/1</link></item>
            <item><title>No link at all</title><description>words</description></item>
            <item><title>Script link</title><link>javascript:alert(1)</link></item>
            <item><title>Not a permalink</title><guid isPermaLink="false">abc-123</guid></item>
            <item><title>Guid permalink</title><guid>https://linkless.example.org/2</guid></item>
            </channel></rss>
            """);
        using var cli = CliRun.WithSources();

        var text = await cli.RunAsync("sources", "check", _server.Url("/linkless.rss").AbsoluteUri);
        var json = await cli.RunAsync("sources", "check", _server.Url("/linkless.rss").AbsoluteUri, "--json");

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("Linkless — rss, 2 items", text.Out);
        Assert.Contains("Skipped 3 entries without any link.", text.Out);
        Assert.Contains("https://linkless.example.org/2", text.Out);
        var skipped = Assert.Single(json.Json().GetProperty("skipped").EnumerateArray());
        Assert.Equal(3, skipped.GetProperty("count").GetInt32());
        Assert.Equal("without any link", skipped.GetProperty("reason").GetString());
        Assert.Equal(2, json.Json().GetProperty("items").GetArrayLength());
        Assert.Equal(0, json.Json().GetProperty("warnings").GetArrayLength());
    }

    [Fact]
    public async Task Check_says_when_a_broken_feed_was_read_leniently()
    {
        _server.MapFile("/broken.rss", """
            <rss version="2.0"><channel><title>AT&T News</title><link>https://att.example.com/</link>
            <item><title>Q&A</title><link>https://att.example.com/1?a=1&b=2</link></item>
            </channel></rss>
            """);
        using var cli = CliRun.WithSources();

        var text = await cli.RunAsync("sources", "check", _server.Url("/broken.rss").AbsoluteUri);
        var json = await cli.RunAsync("sources", "check", _server.Url("/broken.rss").AbsoluteUri, "--json");

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("AT&T News — rss, 1 items", text.Out);
        Assert.Contains("Warning: the XML is not well-formed (line 1, position", text.Out);
        Assert.StartsWith("the XML is not well-formed", json.Json().GetProperty("warnings")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("https://att.example.com/1?a=1&b=2", json.Json().GetProperty("items")[0].GetProperty("link").GetString());
    }

    [Fact]
    public async Task Check_stores_nothing()
    {
        _server.MapFile("/a.rss", Feeds.Rss("Alpha", 2));
        using var cli = CliRun.WithSources();

        await cli.RunAsync("sources", "check", _server.Url("/a.rss").AbsoluteUri);
        var list = await cli.RunAsync("sources", "list", "--json");

        Assert.Equal(0, list.Json().GetArrayLength());
    }

    [Fact]
    public async Task Check_prints_titles_links_and_dates_for_people()
    {
        _server.MapFile("/a.rss", Feeds.Rss("Alpha", 2));
        using var cli = CliRun.WithSources();

        var check = await cli.RunAsync("sources", "check", _server.Url("/a.rss").AbsoluteUri);

        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Contains("Alpha — rss, 2 items", check.Out);
        Assert.Contains("Alpha post number 1 about efficient transformers", check.Out);
        Assert.Contains("https://blog.example.org/post/1", check.Out);
        Assert.DoesNotContain("utm_source", check.Out);
    }

    [Fact]
    public async Task Add_finds_the_feed_a_web_page_links_and_stores_that()
    {
        _server.MapFile("/feed.xml", Feeds.Rss("Alpha Blog", 2));
        _server.MapFile("/", """
            <!DOCTYPE html><html><head><title>Alpha</title>
            <link rel="alternate" type="application/rss+xml" title="Alpha feed" href="/feed.xml">
            </head><body><h1>Alpha</h1></body></html>
            """, "text/html; charset=utf-8");
        using var cli = CliRun.WithSources();

        var add = await cli.RunAsync("sources", "add", _server.BaseUrl.AbsoluteUri);
        var list = await cli.RunAsync("sources", "list", "--json");

        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.Contains($"Found the feed {_server.Url("/feed.xml")}", add.Out);
        var source = Assert.Single(list.Json().EnumerateArray());
        Assert.Equal(_server.Url("/feed.xml").AbsoluteUri, source.GetProperty("url").GetString());
        Assert.Equal("Alpha Blog", source.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Adding_the_same_feed_twice_is_bad_usage()
    {
        _server.MapFile("/a.rss", Feeds.Rss("Alpha", 2));
        using var cli = CliRun.WithSources();
        var url = _server.Url("/a.rss").AbsoluteUri;

        await cli.RunAsync("sources", "add", url, "--name", "Alpha");
        var again = await cli.RunAsync("sources", "add", url);

        Assert.Equal(2, again.ExitCode);
        Assert.Contains($"{url} is already source 1 ('Alpha')", again.Error);
    }

    [Theory]
    [InlineData("not-a-url")]
    [InlineData("ftp://example.org/feed")]
    [InlineData("/relative/feed.xml")]
    public async Task Add_refuses_a_malformed_url_naming_it(string url)
    {
        using var cli = CliRun.WithSources();

        var add = await cli.RunAsync("sources", "add", url);

        Assert.Equal(2, add.ExitCode);
        Assert.Contains($"'{url}' is not a feed URL", add.Error);
    }

    [Fact]
    public async Task Add_of_an_unreachable_feed_is_a_runtime_failure()
    {
        _server.Map("/missing.rss", ctx => { ctx.Response.StatusCode = 404; return Task.CompletedTask; });
        using var cli = CliRun.WithSources();

        var add = await cli.RunAsync("sources", "add", _server.Url("/missing.rss").AbsoluteUri);

        Assert.Equal(1, add.ExitCode);
        Assert.Contains("404", add.Error);
        Assert.Contains("/missing.rss", add.Error);
    }

    [Fact]
    public async Task Remove_deletes_the_source_and_an_unknown_id_is_bad_usage()
    {
        _server.MapFile("/a.rss", Feeds.Rss("Alpha", 2));
        using var cli = CliRun.WithSources();
        await cli.RunAsync("sources", "add", _server.Url("/a.rss").AbsoluteUri);

        var remove = await cli.RunAsync("sources", "remove", "1");
        var again = await cli.RunAsync("sources", "remove", "1");

        Assert.True(remove.ExitCode == 0, remove.ToString());
        Assert.Contains("Removed source 1", remove.Out);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("there is no source with id 1", again.Error);
    }

    [Fact]
    public async Task A_configured_source_is_removed_in_the_configuration_not_on_the_command_line()
    {
        using var cli = CliRun.WithSources("""[{ "Name": "Configured", "Url": "https://example.org/feed.xml" }]""");

        var remove = await cli.RunAsync("sources", "remove", "1");

        Assert.Equal(2, remove.ExitCode);
        Assert.Contains("listed in the configuration as Sources:0", remove.Error);
    }

    [Fact]
    public async Task Export_writes_opml_that_imports_back()
    {
        using var cli = CliRun.WithSources("""
            [
              { "Name": "One & Two", "Url": "https://one.example.org/feed.xml" },
              { "Name": "arXiv cs.CL", "Url": "https://rss.arxiv.org/rss/cs.CL", "Kind": "arxiv" }
            ]
            """);
        using var other = CliRun.WithSources();

        var export = await cli.RunAsync("sources", "export");
        var file = Path.Combine(other.Directory, "export.opml");
        await File.WriteAllTextAsync(file, export.Out);
        var import = await other.RunAsync("sources", "import", file);
        var list = await other.RunAsync("sources", "list", "--json");

        Assert.Contains("<opml version=\"2.0\">", export.Out);
        Assert.Contains("Imported 2 sources", import.Out);
        Assert.Equal(["One & Two", "arXiv cs.CL"], list.Json().EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        Assert.Equal("arxiv", list.Json()[1].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Community_sources_keep_their_kind_through_an_opml_export_and_import()
    {
        using var cli = CliRun.WithSources("""
            [
              { "Name": "Hugging Face daily papers", "Url": "https://huggingface.co/api/daily_papers", "Kind": "huggingface" },
              { "Name": "Hacker News", "Url": "https://hn.algolia.com/api/v1/search_by_date?query=LLM&tags=story", "Kind": "hackernews" }
            ]
            """);
        using var other = CliRun.WithSources();

        var export = await cli.RunAsync("sources", "export");
        var file = Path.Combine(other.Directory, "export.opml");
        await File.WriteAllTextAsync(file, export.Out);
        await other.RunAsync("sources", "import", file);
        var list = await other.RunAsync("sources", "list", "--json");

        Assert.Contains("type=\"huggingface\"", export.Out);
        Assert.Equal(["huggingface", "hackernews"], list.Json().EnumerateArray().Select(s => s.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task Checking_a_hacker_news_search_names_the_stories_it_cannot_use_in_text_and_json()
    {
        _server.MapFile("/api/v1/search", """
            { "hits": [
              { "objectID": "1", "title": "A story", "url": "https://blog.example.org/a", "points": 12 },
              { "objectID": "2", "title": "Ask HN: which papers this week?", "url": null, "points": 40 },
              { "objectID": "3", "title": "A script", "url": "javascript:alert(1)", "points": 3 }
            ] }
            """, "application/json");
        using var cli = CliRun.WithSources();

        var text = await cli.RunAsync("sources", "check", _server.Url("/api/v1/search").AbsoluteUri, "--kind", "hackernews");
        var json = await cli.RunAsync("sources", "check", _server.Url("/api/v1/search").AbsoluteUri, "--kind", "hackernews", "--json");

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("Skipped 2 entries without a title or an http URL.", text.Out);
        var skipped = Assert.Single(json.Json().GetProperty("skipped").EnumerateArray());
        Assert.Equal(2, skipped.GetProperty("count").GetInt32());
        Assert.Equal("without a title or an http URL", skipped.GetProperty("reason").GetString());
        Assert.Equal(1, json.Json().GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Adding_a_hacker_news_search_checks_its_answer_and_a_wrong_answer_says_what_was_expected()
    {
        _server.MapFile("/api/v1/search", """{ "hits": [ { "objectID": "1", "title": "A story", "url": "https://blog.example.org/a", "points": 12 } ] }""", "application/json");
        _server.MapFile("/html", "<!DOCTYPE html><html><body>Not found</body></html>", "text/html");
        using var cli = CliRun.WithSources();

        var add = await cli.RunAsync("sources", "add", _server.Url("/api/v1/search?query=LLM").AbsoluteUri, "--kind", "hackernews", "--name", "Hacker News");
        var check = await cli.RunAsync("sources", "check", _server.Url("/api/v1/search").AbsoluteUri, "--kind", "hackernews", "--json");
        var wrong = await cli.RunAsync("sources", "add", _server.Url("/html").AbsoluteUri, "--kind", "huggingface");
        var badKind = await cli.RunAsync("sources", "add", _server.Url("/html").AbsoluteUri, "--kind", "reddit");

        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.Contains("(hackernews, 1 items now)", add.Out);
        Assert.Equal("hackernews", check.Json().GetProperty("kind").GetString());
        Assert.Equal("https://blog.example.org/a", check.Json().GetProperty("items")[0].GetProperty("link").GetString());
        Assert.NotEqual(0, wrong.ExitCode);
        Assert.Contains("expected Hugging Face daily papers JSON", wrong.Error);
        Assert.Equal(2, badKind.ExitCode);
        Assert.Contains("--kind must be rss, arxiv, html, huggingface or hackernews; got 'reddit'.", badKind.Error);
    }

    [Fact]
    public async Task Import_of_a_file_that_is_not_opml_names_the_file()
    {
        using var cli = CliRun.WithSources();
        var rss = Path.Combine(cli.Directory, "feed.xml");
        var broken = Path.Combine(cli.Directory, "broken.opml");
        await File.WriteAllTextAsync(rss, Feeds.Rss("Alpha", 1));
        await File.WriteAllTextAsync(broken, "<opml><body><outline xmlUrl='https://x'></body>");

        var notOpml = await cli.RunAsync("sources", "import", rss);
        var malformed = await cli.RunAsync("sources", "import", broken);
        var missing = await cli.RunAsync("sources", "import", Path.Combine(cli.Directory, "nope.opml"));

        Assert.Equal(2, notOpml.ExitCode);
        Assert.Contains($"{rss} is not an OPML file", notOpml.Error);
        Assert.Contains("found <rss>", notOpml.Error);
        Assert.Equal(2, malformed.ExitCode);
        Assert.Contains("malformed at line 1", malformed.Error);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("nope.opml: file not found", missing.Error);
    }

    [Fact]
    public async Task An_html_source_needs_selectors()
    {
        using var cli = CliRun.WithSources();

        var add = await cli.RunAsync("sources", "add", "https://example.org/news", "--kind", "html");
        var badSelectors = await cli.RunAsync("sources", "add", "https://example.org/news", "--kind", "html", "--selectors", "title=h2");

        Assert.Equal(2, add.ExitCode);
        Assert.Contains("needs CSS selectors", add.Error);
        Assert.Equal(2, badSelectors.ExitCode);
        Assert.Contains("--selectors needs item=SELECTOR", badSelectors.Error);
    }
}
