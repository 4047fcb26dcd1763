using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using RoundupBot.Tests.TestSupport;
using Xunit.Abstractions;

namespace RoundupBot.Cli.Tests;

/// <summary>Two real <c>roundup serve</c> processes over one PostgreSQL database share one clustered schedule.</summary>
[Collection(WallClockTiming.Name)]
public sealed partial class ClusteredServeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Two_instances_run_each_firing_of_the_roundup_once_between_them()
    {
        var server = await PostgresServer.Shared;
        var database = await server.CreateDatabaseAsync("roundup_cluster");
        using var cli = new CliRun($$"""
            {
              "Roundup": { "Schedule": "0/5 * * * * ?", "TimeZone": "UTC" },
              "Sources": [],
              "Storage": { "Provider": "postgres", "ConnectionString": "{{database}}" }
            }
            """);
        var firings = new ConcurrentBag<(string Instance, string ScheduledFor)>();

        using (var first = await StartServeAsync(cli, "a", firings))
        using (var second = await StartServeAsync(cli, "b", firings))
        {
            await Task.Delay(TimeSpan.FromSeconds(32));
            first.Kill(entireProcessTree: true);
            second.Kill(entireProcessTree: true);
            await first.WaitForExitAsync();
            await second.WaitForExitAsync();
        }

        var byFiring = firings.GroupBy(f => f.ScheduledFor).ToList();
        output.WriteLine(string.Join("\n", firings.OrderBy(f => f.ScheduledFor, StringComparer.Ordinal).Select(f => $"{f.ScheduledFor} on {f.Instance}")));
        Assert.True(byFiring.Count >= 4, $"only {byFiring.Count} firings in 32 s of a 5-second schedule");
        Assert.All(byFiring, g => Assert.Single(g));
    }

    [Fact]
    public async Task When_the_instance_running_the_schedule_is_killed_the_other_takes_over_within_the_check_in_window()
    {
        var server = await PostgresServer.Shared;
        var database = await server.CreateDatabaseAsync("roundup_failover");
        using var cli = new CliRun($$"""
            {
              "Roundup": { "Schedule": "0/5 * * * * ?", "TimeZone": "UTC" },
              "Sources": [],
              "Storage": { "Provider": "postgres", "ConnectionString": "{{database}}" }
            }
            """);
        var firings = new ConcurrentBag<(string Instance, string ScheduledFor)>();
        using var a = await StartServeAsync(cli, "a", firings);
        using var b = await StartServeAsync(cli, "b", firings);
        await Task.Delay(TimeSpan.FromSeconds(12));
        var busy = firings.GroupBy(f => f.Instance).OrderByDescending(g => g.Count()).First().Key;
        var (victim, survivor, survivorName) = busy == "a" ? (a, b, "b") : (b, a, "a");
        victim.Kill(entireProcessTree: true);
        await victim.WaitForExitAsync();
        var killedAt = TimeProvider.System.GetUtcNow();

        // Check-in every 10 s, dead after 20 s more: the survivor must be firing well within a minute.
        await Task.Delay(TimeSpan.FromSeconds(50));
        survivor.Kill(entireProcessTree: true);
        await survivor.WaitForExitAsync();

        var after = firings.Where(f => f.Instance == survivorName && DateTimeOffset.Parse(f.ScheduledFor, System.Globalization.CultureInfo.InvariantCulture) > killedAt).ToList();
        output.WriteLine($"{busy} killed at {killedAt:o}; {survivorName} ran {after.Count} firings after that");
        Assert.True(after.Count >= 2, $"{survivorName} ran {after.Count} firings in the 50 s after {busy} was killed");
        Assert.All(firings.GroupBy(f => f.ScheduledFor), g => Assert.Single(g));
    }

    [Fact]
    public async Task A_scheduled_fetch_is_shared_by_the_instances_and_no_source_is_fetched_twice()
    {
        var server = await PostgresServer.Shared;
        var database = await server.CreateDatabaseAsync("roundup_fetch_spread");
        await using var feeds = await LoopbackServer.StartAsync();
        // Every feed waits until both instances are up, so the first instance cannot fetch them all before the second starts.
        var bothUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        const int Count = 40;
        for (var i = 0; i < Count; i++)
        {
            var body = Feeds.Rss($"Feed {i}", 3, $"f{i}");
            feeds.Map($"/feed{i}.rss", async context =>
            {
                await bothUp.Task;
                await Task.Delay(100);
                context.Response.ContentType = "application/rss+xml; charset=utf-8";
                await context.Response.WriteAsync(body);
            });
        }

        var sources = string.Join(",", Enumerable.Range(0, Count).Select(i => $$"""{ "Name": "Feed {{i}}", "Url": "{{feeds.Url($"/feed{i}.rss")}}" }"""));
        using var cli = new CliRun($$"""
            {
              "Roundup": { "Schedule": "0 0 8 ? * MON", "TimeZone": "UTC" },
              "Sources": [{{sources}}],
              "Fetch": { "AllowPrivateAddresses": true, "Timeout": "00:01:00" },
              "Storage": { "Provider": "postgres", "ConnectionString": "{{database}}", "CheckinInterval": "00:00:02", "CheckinMisfireThreshold": "00:00:03" }
            }
            """);
        var fetchedBy = new ConcurrentDictionary<string, string>();
        var verbose = new Dictionary<string, string> { ["ROUNDUP__Logging__LogLevel__RoundupBot.Pipeline"] = "Debug" };
        Action<string> Record(string instance) => line =>
        {
            if (FetchedLine().Match(line) is { Success: true } match && !fetchedBy.TryAdd(match.Groups[1].Value, instance))
            {
                fetchedBy[match.Groups[1].Value] += "+" + instance;
            }
        };

        var firings = new ConcurrentBag<(string, string)>();
        using var a = await StartServeAsync(cli, "a", firings, verbose, Record("a"));
        using var b = await StartServeAsync(cli, "b", firings, verbose, Record("b"));
        await Task.Delay(TimeSpan.FromSeconds(3));
        bothUp.SetResult();
        var deadline = TimeProvider.System.GetUtcNow().AddSeconds(90);
        while (fetchedBy.Count < Count && TimeProvider.System.GetUtcNow() < deadline)
        {
            await Task.Delay(200);
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        a.Kill(entireProcessTree: true);
        b.Kill(entireProcessTree: true);
        await a.WaitForExitAsync();
        await b.WaitForExitAsync();

        output.WriteLine(string.Join("\n", fetchedBy.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}: {f.Value}")));
        Assert.Equal(Count, fetchedBy.Count);
        Assert.All(Enumerable.Range(0, Count), i => Assert.Equal(1, feeds.RequestCount($"/feed{i}.rss")));
        Assert.All(fetchedBy.Values, by => Assert.DoesNotContain("+", by, StringComparison.Ordinal));
        Assert.Contains("a", fetchedBy.Values);
        Assert.Contains("b", fetchedBy.Values);
    }

    private Task<Process> StartServeAsync(CliRun cli, string name, ConcurrentBag<(string, string)> firings, IReadOnlyDictionary<string, string>? environment = null, Action<string>? onLine = null) =>
        ServeInstance.StartAsync(output, cli, name, environment, line =>
        {
            onLine?.Invoke(line);
            if (Firing().Match(line) is { Success: true } match)
            {
                firings.Add((name, match.Groups[1].Value));
            }
        });

    [GeneratedRegex("Fetched (Feed \\d+):")]
    private static partial Regex FetchedLine();

    [GeneratedRegex("Running the roundup scheduled for (\\S+)")]
    private static partial Regex Firing();
}
