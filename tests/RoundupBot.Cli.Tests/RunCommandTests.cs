using System.Text.Json;
using RoundupBot.Tests.TestSupport;

namespace RoundupBot.Cli.Tests;

public sealed class RunCommandTests : IAsyncLifetime
{
    private LoopbackServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Run_fetches_builds_and_archives_the_issue_and_writes_its_files()
    {
        _server.MapFile("/research.rss", EvaluationFeed.Rss(120, TimeProvider.System.GetUtcNow()));
        using var cli = CliRun.WithSources($$"""[{ "Name": "Research", "Url": "{{_server.Url("/research.rss")}}" }]""");
        var output = Path.Combine(cli.Directory, "out");

        var run = await cli.RunAsync("run", "--output", output);
        var list = await cli.RunAsync("digest", "list");
        var show = await cli.RunAsync("digest", "show", "1");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("120 new items", run.Out);
        Assert.Contains("Published Some interesting things to start the week #1", run.Out);
        Assert.True(File.Exists(Path.Combine(output, "digest.md")));
        Assert.True(File.Exists(Path.Combine(output, "digest.txt")));
        Assert.True(File.Exists(Path.Combine(output, "digest.html")));
        using (var discord = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "discord.json"))))
        {
            var bodies = discord.RootElement.EnumerateArray().ToList();
            Assert.True(bodies.Count >= 3, "a header, the sections and the other reads");
            Assert.All(bodies, b => Assert.Equal("[]", b.GetProperty("allowed_mentions").GetProperty("parse").GetRawText()));
            Assert.StartsWith("# Some interesting things to start the week \\#1", bodies[0].GetProperty("content").GetString(), StringComparison.Ordinal);
        }
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "digest.json")));
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("number").GetInt32());
        Assert.Equal("embedded", root.GetProperty("run").GetProperty("engine").GetString());
        var sections = root.GetProperty("sections").EnumerateArray().ToList();
        Assert.InRange(sections.Count, 4, 7);
        Assert.All(sections, s =>
        {
            Assert.False(string.IsNullOrEmpty(s.GetProperty("emoji").GetString()));
            Assert.StartsWith("https://research.example.org/posts/", s.GetProperty("items")[0].GetProperty("link").GetString());
            Assert.True(s.GetProperty("sentences")[0].GetProperty("itemIds").GetArrayLength() >= 1);
        });
        Assert.Equal(8, root.GetProperty("otherReads").GetArrayLength());
        Assert.Contains("Some interesting things to start the week #1", list.Out);
        Assert.StartsWith("# Some interesting things to start the week #1", show.Out);
        Assert.Contains("**In today's edition:**", show.Out);
        Assert.Contains("## Other interesting things to read this week", show.Out);
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(output, "digest.md")), show.Out);
    }

    [Fact]
    public async Task A_dry_run_builds_but_archives_nothing()
    {
        _server.MapFile("/research.rss", EvaluationFeed.Rss(60, TimeProvider.System.GetUtcNow()));
        using var cli = CliRun.WithSources($$"""[{ "Name": "Research", "Url": "{{_server.Url("/research.rss")}}" }]""");

        var run = await cli.RunAsync("run", "--dry-run");
        var list = await cli.RunAsync("digest", "list", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Dry run: built Some interesting things to start the week #1", run.Out);
        Assert.Contains("# Some interesting things to start the week #1", run.Out);
        Assert.Equal(0, list.Json().GetArrayLength());
    }

    [Fact]
    public async Task Digest_build_writes_the_files_without_archiving()
    {
        _server.MapFile("/research.rss", EvaluationFeed.Rss(60, TimeProvider.System.GetUtcNow()));
        using var cli = CliRun.WithSources($$"""[{ "Name": "Research", "Url": "{{_server.Url("/research.rss")}}" }]""");
        var output = Path.Combine(cli.Directory, "draft");

        await cli.RunAsync("fetch");
        var build = await cli.RunAsync("digest", "build", "--output", output);
        var list = await cli.RunAsync("digest", "list");

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Contains("Wrote " + Path.Combine(output, "digest.json"), build.Out);
        Assert.Contains("Wrote " + Path.Combine(output, "digest.html"), build.Out);
        Assert.Contains("Wrote " + Path.Combine(output, "discord.json"), build.Out);
        Assert.Contains("No issue has been published yet", list.Out);
    }

    [Fact]
    public async Task Digest_build_explain_lists_why_each_shown_item_was_picked()
    {
        _server.MapFile("/research.rss", EvaluationFeed.Rss(60, TimeProvider.System.GetUtcNow()));
        using var cli = CliRun.WithSources($$"""[{ "Name": "Research", "Url": "{{_server.Url("/research.rss")}}" }]""");
        var output = Path.Combine(cli.Directory, "draft");

        await cli.RunAsync("fetch");
        var build = await cli.RunAsync("digest", "build", "--explain", "--output", output);

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Contains("Selection: 60 items in the window; 0 revisions or old news left out", build.Error);
        var picks = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "digest.json"))).RootElement.GetProperty("run").GetProperty("picks");
        var shown = picks.GetArrayLength();
        Assert.InRange(shown, 8, 60);
        Assert.Equal(shown, build.Error.Split('\n').Count(l => l.StartsWith('#') && l.Contains("× attention", StringComparison.Ordinal)));
        var first = picks[0];
        Assert.Equal(1, first.GetProperty("factors").GetProperty("weight").GetDouble());
        Assert.False(string.IsNullOrEmpty(first.GetProperty("placement").GetString()));
    }

    [Fact]
    public async Task Too_few_items_build_nothing_and_say_so()
    {
        _server.MapFile("/a.rss", EvaluationFeed.Rss(3, TimeProvider.System.GetUtcNow()));
        using var cli = CliRun.WithSources($$"""[{ "Name": "Alpha", "Url": "{{_server.Url("/a.rss")}}" }]""");
        var output = Path.Combine(cli.Directory, "out");

        var run = await cli.RunAsync("run", "--output", output);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("3 new items", run.Out);
        Assert.Contains("Only 3 items since", run.Error);
        Assert.Contains("Nothing was built", run.Error);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task Showing_an_issue_that_does_not_exist_is_bad_usage()
    {
        using var cli = CliRun.WithSources();

        var show = await cli.RunAsync("digest", "show", "42");

        Assert.Equal(2, show.ExitCode);
        Assert.Contains("there is no issue #42 in the archive", show.Error);
    }
}
