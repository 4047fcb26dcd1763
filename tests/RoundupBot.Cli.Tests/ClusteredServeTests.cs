using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
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

    private async Task<Process> StartServeAsync(CliRun cli, string name, ConcurrentBag<(string, string)> firings)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "roundup.dll"), "--config", cli.ConfigPath, "--data", Path.Combine(cli.Directory, name), "serve", "--urls", "http://127.0.0.1:0" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        var ready = new TaskCompletionSource();
        void Read(string? line)
        {
            if (line is null)
            {
                return;
            }

            output.WriteLine($"{name}: {line}");
            if (line.StartsWith("Serving on", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }

            if (Firing().Match(line) is { Success: true } match)
            {
                firings.Add((name, match.Groups[1].Value));
            }
        }

        process.OutputDataReceived += (_, e) => Read(e.Data);
        process.ErrorDataReceived += (_, e) => Read(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(90));
        return process;
    }

    [GeneratedRegex("Running the roundup scheduled for (\\S+)")]
    private static partial Regex Firing();
}
