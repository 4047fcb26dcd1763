using System.Diagnostics;
using RoundupBot.Model;
using RoundupBot.Storage.Sqlite;
using RoundupBot.Tests.TestSupport;
using Xunit.Abstractions;

namespace RoundupBot.Cli.Tests;

/// <summary>
/// <c>roundup run</c> as a real process, killed (SIGKILL) in the middle of sending an issue to 1,000 subscribers through
/// a real SMTP server; a second run sends the rest, and nobody gets the issue twice.
/// </summary>
[Collection(WallClockTiming.Name)]
public sealed class EmailKillAndResumeTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Subscribers = 1000;
    private LoopbackServer _feeds = null!;

    public async Task InitializeAsync() => _feeds = await LoopbackServer.StartAsync();

    public async Task DisposeAsync() => await _feeds.DisposeAsync();

    [Fact]
    public async Task Killed_mid_send_a_second_run_sends_the_rest_and_nobody_gets_the_issue_twice()
    {
        await using var sink = await SmtpSink.StartAsync();
        _feeds.MapFile("/research.rss", EvaluationFeed.Rss(120, TimeProvider.System.GetUtcNow()));
        using var cli = new CliRun($$"""
            {
              "Roundup": { "BaseUrl": "https://roundup.example.org" },
              "Sources": [{ "Name": "Research", "Url": "{{_feeds.Url("/research.rss")}}" }],
              "Fetch": { "AllowPrivateAddresses": true, "Timeout": "00:00:30" },
              "Email": {
                "Smtp": { "Host": "127.0.0.1", "Port": {{sink.Port}}, "Security": "None" },
                "From": "Research Roundup <roundup@example.org>",
                "ListId": "roundup.example.org",
                "MessagesPerSecond": 0
              },
              "Security": { "SigningKey": "kill-and-resume-test-signing-key-0123456789" }
            }
            """);
        var addresses = Enumerable.Range(0, Subscribers).Select(i => $"reader{i:D4}@example.org").ToList();
        await using (var store = new SqliteStore(Path.Combine(cli.DataPath, "roundup.db"), TimeProvider.System))
        {
            await store.MigrateAsync(CancellationToken.None);
            foreach (var address in addresses)
            {
                await store.SubscribeAsync(address, SubscriberStatus.Confirmed, TimeProvider.System.GetUtcNow(), CancellationToken.None);
            }
        }

        using (var first = Start(cli, "run"))
        {
            var deadline = TimeProvider.System.GetUtcNow().AddSeconds(180);
            while (sink.ReceivedCount < 300 && !first.HasExited && TimeProvider.System.GetUtcNow() < deadline)
            {
                await Task.Delay(5);
            }

            Assert.False(first.HasExited, $"the first run ended (exit {(first.HasExited ? first.ExitCode : 0)}) before it could be killed");
            first.Kill();
            await first.WaitForExitAsync();
        }

        var atKill = sink.ReceivedCount;
        output.WriteLine($"killed after the server had {atKill} messages");
        Assert.InRange(atKill, 300, Subscribers - 1);

        var second = await cli.RunAsync("run");
        output.WriteLine(second.ToString());

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("Deliveries: ", second.Out, StringComparison.Ordinal);
        var received = sink.Received.Select(r => r.Recipients.Single()).ToList();
        var duplicates = received.GroupBy(r => r).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);
        await using var check = new SqliteStore(Path.Combine(cli.DataPath, "roundup.db"), TimeProvider.System);
        var deliveries = await check.ListDeliveriesAsync(1, CancellationToken.None);
        Assert.Equal(Subscribers, deliveries.Count);
        var subscribers = (await check.ListSubscribersAsync(CancellationToken.None)).ToDictionary(s => s.Id, s => s.Address);
        var interrupted = deliveries.Where(d => d.Status == DeliveryStatus.Interrupted).Select(d => subscribers[d.SubscriberId]).ToList();
        // At most the one message in flight at the kill is in doubt, and it is recorded as such rather than sent twice.
        Assert.InRange(interrupted.Count, 0, 1);
        Assert.All(deliveries.Where(d => d.Status != DeliveryStatus.Interrupted), d => Assert.Equal(DeliveryStatus.Sent, d.Status));
        Assert.Equal(addresses.Order(StringComparer.Ordinal), received.Union(interrupted).Order(StringComparer.Ordinal));
        Assert.Equal(Subscribers - interrupted.Except(received).Count(), received.Count);
    }

    private Process Start(CliRun cli, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "roundup.dll"), "--config", cli.ConfigPath, "--data", cli.DataPath, .. args])
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => output.WriteLine("run: " + e.Data);
        process.ErrorDataReceived += (_, e) => output.WriteLine("run! " + e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
