using System.Diagnostics;
using System.Globalization;
using RoundupBot.Tests.TestSupport;
using Xunit.Abstractions;

namespace RoundupBot.Cli.Tests;

/// <summary>
/// <c>roundup serve</c> as real processes: the schedule survives a stop and a start, so a roundup that fell due while
/// the service was down runs once when it comes back (Quartz would lose it if stored triggers were replaced at start).
/// </summary>
[Collection(WallClockTiming.Name)]
public sealed class ServeProcessTests(ITestOutputHelper output) : IAsyncLifetime
{
    private LoopbackServer _feeds = null!;

    public async Task InitializeAsync() => _feeds = await LoopbackServer.StartAsync();

    public async Task DisposeAsync() => await _feeds.DisposeAsync();

    [Fact]
    public async Task A_roundup_missed_while_serve_was_stopped_runs_once_after_the_restart()
    {
        _feeds.MapFile("/research.rss", EvaluationFeed.Rss(60, TimeProvider.System.GetUtcNow()));
        var due = TimeProvider.System.GetUtcNow().AddSeconds(20);
        // A one-off firing: second, minute, hour, day and month of `due`, any weekday, that year only.
        var cron = string.Create(CultureInfo.InvariantCulture, $"{due.Second} {due.Minute} {due.Hour} {due.Day} {due.Month} ? {due.Year}");
        using var cli = new CliRun($$"""
            {
              "Roundup": { "Schedule": "{{cron}}", "TimeZone": "UTC" },
              "Sources": [{ "Name": "Research", "Url": "{{_feeds.Url("/research.rss")}}" }],
              "Fetch": { "AllowPrivateAddresses": true, "Interval": "01:00:00" }
            }
            """);

        using (var first = await StartServeAsync(cli))
        {
            Assert.True(TimeProvider.System.GetUtcNow() < due, "the first serve started too late for this test");
            first.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
        }

        var wait = due - TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(2);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        var list = await cli.RunAsync("digest", "list", "--json");
        Assert.Equal(0, list.Json().GetArrayLength());

        using (var second = await StartServeAsync(cli))
        {
            var deadline = TimeProvider.System.GetUtcNow().AddSeconds(90);
            while (TimeProvider.System.GetUtcNow() < deadline && (await cli.RunAsync("digest", "list", "--json")).Json().GetArrayLength() == 0)
            {
                await Task.Delay(1000);
            }

            // Give a second firing, if there were one, time to happen.
            await Task.Delay(3000);
            second.Kill(entireProcessTree: true);
            await second.WaitForExitAsync();
        }

        var issues = (await cli.RunAsync("digest", "list", "--json")).Json();
        Assert.Equal(1, issues.GetArrayLength());
        Assert.Equal(1, issues[0].GetProperty("number").GetInt32());
    }

    // The instance is named "data", so its data folder is cli.DataPath, where the in-process commands look.
    private Task<Process> StartServeAsync(CliRun cli) => ServeInstance.StartAsync(output, cli, "data");
}
