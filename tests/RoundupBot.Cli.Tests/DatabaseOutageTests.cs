using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;
using RoundupBot.Tests.TestSupport;
using Xunit.Abstractions;

namespace RoundupBot.Cli.Tests;

/// <summary>
/// The PostgreSQL server goes away under a running <c>roundup serve</c> and comes back on the same port: serve keeps
/// running and says so in the log, /healthz follows the database, commands fail with one line meanwhile, and the
/// schedule resumes by itself.
/// </summary>
[Collection(WallClockTiming.Name)]
public sealed partial class DatabaseOutageTests(ITestOutputHelper output)
{
    // Trust authentication ignores it; it is there to prove that it is never printed.
    private const string Password = "outage-password-8f3e";

    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(20);

    private readonly ConcurrentQueue<string> _serveLines = new();
    private readonly List<string> _otherOutput = [];

    [Fact]
    public async Task Serve_rides_out_a_database_outage_and_resumes_the_schedule_when_the_database_is_back()
    {
        await using var server = await PostgresServer.StartDedicatedAsync();
        var connectionString = new NpgsqlConnectionStringBuilder(await server.CreateDatabaseAsync("roundup_outage")) { Password = Password };
        var database = string.Create(CultureInfo.InvariantCulture, $"roundup@127.0.0.1:{server.Port}/{connectionString.Database}");
        using var cli = new CliRun($$"""
            {
              "Roundup": { "Schedule": "0/5 * * * * ?", "TimeZone": "UTC" },
              "Sources": [],
              "Storage": { "Provider": "postgres", "ConnectionString": "{{connectionString}}" }
            }
            """);
        using var serve = StartServe(cli);
        try
        {
            var baseUrl = await WaitForLineAsync(ServingOn(), TimeSpan.FromSeconds(90), "serve to start");
            using var http = new HttpClient(new SocketsHttpHandler()) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
            await WaitForLineAsync(Firing(), TimeSpan.FromSeconds(30), "a first scheduled roundup");
            Assert.Equal(HttpStatusCode.OK, (await HealthAsync(http)).Status);
            Assert.Equal(0, (await RunAsync(cli, "sources", "list")).ExitCode);

            await server.StopAsync();
            var stoppedAt = Now();
            output.WriteLine($"--- database stopped at {stoppedAt:o}");

            // /healthz answers promptly all along, and says unhealthy, naming the database, once serve has noticed.
            var down = await PollHealthAsync(http, HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(20));
            Assert.Equal("Unhealthy", down.Json.GetProperty("status").GetString());
            Assert.Equal("Unhealthy", Check(down.Json, "store").GetProperty("status").GetString());
            Assert.Contains(database, Check(down.Json, "store").GetProperty("description").GetString(), StringComparison.Ordinal);
            await WaitForLineAsync(
                new Regex($"StoreWatcher.*The store does not answer: .*{Regex.Escape(database)}"), TimeSpan.FromSeconds(20), "serve to log the outage");
            using (var page = await http.GetAsync(new Uri("/", UriKind.Relative)))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
                Assert.NotNull(page.Headers.RetryAfter);
                Assert.Contains("cannot reach its database", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            foreach (var command in new[] { new[] { "sources", "list" }, ["fetch"] })
            {
                var result = await RunAsync(cli, command);
                Assert.Equal(1, result.ExitCode);
                var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                Assert.StartsWith($"roundup: Cannot connect to the PostgreSQL database {database} (", line, StringComparison.Ordinal);
                Assert.Contains("Connection refused", line, StringComparison.Ordinal);
                Assert.EndsWith("check Storage:ConnectionString and that the server is running and reachable.", line, StringComparison.Ordinal);
            }

            // Long enough for firings to fall due unseen and for Quartz to back off between failed attempts.
            var outage = stoppedAt + Outage - Now();
            if (outage > TimeSpan.Zero)
            {
                await Task.Delay(outage);
            }

            Assert.False(serve.HasExited, "serve exited while the database was down");
            // Said once, not at every check.
            Assert.Single(_serveLines, l => l.Contains("StoreWatcher", StringComparison.Ordinal) && l.Contains("does not answer", StringComparison.Ordinal));

            await server.StartAsync();
            var backAt = Now();
            output.WriteLine($"--- database started again at {backAt:o}");

            var up = await PollHealthAsync(http, HttpStatusCode.OK, TimeSpan.FromSeconds(30));
            Assert.Equal("Healthy", up.Json.GetProperty("status").GetString());
            await WaitForLineAsync(
                new Regex("StoreWatcher.*The store answers again"), TimeSpan.FromSeconds(20), "serve to log that the database is back");
            // Quartz retries its job store by itself (at worst every DbRetryInterval, 15 s): a firing due after the
            // restart proves the schedule itself runs again, not just a catch-up of the ones missed.
            await WaitForLineAsync(Firing(), TimeSpan.FromSeconds(45), "a roundup scheduled after the restart",
                match => DateTimeOffset.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) > backAt);
            using (var page = await http.GetAsync(new Uri("/", UriKind.Relative)))
            {
                Assert.True((int)page.StatusCode < 500, $"GET / answered {(int)page.StatusCode} after the database came back");
            }

            Assert.Equal(0, (await RunAsync(cli, "sources", "list")).ExitCode);
            Assert.Equal(0, (await RunAsync(cli, "fetch")).ExitCode);
            Assert.False(serve.HasExited, "serve exited after the database came back");
        }
        finally
        {
            serve.Kill(entireProcessTree: true);
            await serve.WaitForExitAsync();
        }

        Assert.DoesNotContain(_serveLines, l => l.Contains(Password, StringComparison.Ordinal));
        Assert.DoesNotContain(_otherOutput, l => l.Contains(Password, StringComparison.Ordinal));
    }

    private static DateTimeOffset Now() => TimeProvider.System.GetUtcNow();

    private static JsonElement Check(JsonElement health, string name) =>
        health.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    private async Task<CliResult> RunAsync(CliRun cli, params string[] args)
    {
        var result = await cli.RunAsync(args);
        output.WriteLine($"--- roundup {string.Join(' ', args)}: {result}");
        lock (_otherOutput)
        {
            _otherOutput.Add(result.Out);
            _otherOutput.Add(result.Error);
        }

        return result;
    }

    private async Task<(HttpStatusCode Status, JsonElement Json)> HealthAsync(HttpClient http)
    {
        var watch = Stopwatch.StartNew();
        using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        output.WriteLine($"--- /healthz {(int)response.StatusCode} in {watch.Elapsed.TotalSeconds:0.0} s: {body}");
        lock (_otherOutput)
        {
            _otherOutput.Add(body);
        }

        // Every check is bounded by 3 s and they run side by side; the rest is slack for a busy machine.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"/healthz took {watch.Elapsed}");
        return (response.StatusCode, JsonDocument.Parse(body).RootElement.Clone());
    }

    private async Task<(HttpStatusCode Status, JsonElement Json)> PollHealthAsync(HttpClient http, HttpStatusCode wanted, TimeSpan timeout)
    {
        var deadline = Now() + timeout;
        while (true)
        {
            var health = await HealthAsync(http);
            if (health.Status == wanted)
            {
                return health;
            }

            Assert.True(Now() < deadline, $"/healthz did not answer {(int)wanted} within {timeout}");
            await Task.Delay(500);
        }
    }

    private Process StartServe(CliRun cli)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "roundup.dll"), "--config", cli.ConfigPath, "--data", Path.Combine(cli.Directory, "serve"), "serve", "--urls", "http://127.0.0.1:0" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        void Read(string? line)
        {
            if (line is not null)
            {
                _serveLines.Enqueue(line);
                output.WriteLine("serve: " + line);
            }
        }

        process.OutputDataReceived += (_, e) => Read(e.Data);
        process.ErrorDataReceived += (_, e) => Read(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Waits for a line of serve's output that matches (and passes <paramref name="accept"/>); returns the first group, or the line.</summary>
    private async Task<string> WaitForLineAsync(Regex pattern, TimeSpan timeout, string what, Func<Match, bool>? accept = null)
    {
        var deadline = Now() + timeout;
        while (true)
        {
            foreach (var line in _serveLines)
            {
                if (pattern.Match(line) is { Success: true } match && (accept is null || accept(match)))
                {
                    return match.Groups.Count > 1 ? match.Groups[1].Value : line;
                }
            }

            Assert.True(Now() < deadline, $"waited {timeout} for {what}");
            await Task.Delay(250);
        }
    }

    [GeneratedRegex("^Serving on (\\S+?)[;,]")]
    private static partial Regex ServingOn();

    [GeneratedRegex("Running the roundup scheduled for (\\S+)")]
    private static partial Regex Firing();
}
