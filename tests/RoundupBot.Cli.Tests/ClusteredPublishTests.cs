using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using RoundupBot.Model;
using RoundupBot.Publishing.Discord;
using RoundupBot.Rendering;
using RoundupBot.Storage.Postgres;
using RoundupBot.Tests.TestSupport;
using Xunit.Abstractions;

namespace RoundupBot.Cli.Tests;

/// <summary>
/// Two real <c>roundup serve</c> instances over one PostgreSQL database publish an issue to 1,000 email subscribers (a
/// real SMTP server) and 20 Discord webhooks (the fake Discord). The instance running the roundup is killed (SIGKILL)
/// half-way; the other recovers the job and finishes: every subscriber gets the issue once, every webhook every part
/// once and in order.
/// </summary>
/// <remarks>
/// Each webhook holds its third part unanswered and unstored, so the Discord parts in flight at the kill are the held
/// ones, which were never stored: posting them again is exactly once (a part Discord stored whose answer was lost would
/// be posted twice, by design; see <see cref="DiscordPublisher"/>). For email, the one message in flight may have been
/// handed over: it is recorded as interrupted and not sent again, so nobody gets the issue twice (at most one per pass
/// that was running on the killed instance is in doubt).
/// </remarks>
[Collection(WallClockTiming.Name)]
public sealed partial class ClusteredPublishTests(ITestOutputHelper output)
{
    private const int EmailSubscribers = 1000;
    private const int Webhooks = 20;
    private const string BaseUrl = "https://roundup.example.org";

    [Fact]
    public async Task An_issue_published_by_two_instances_one_killed_half_way_reaches_everyone_exactly_once()
    {
        var database = await (await PostgresServer.Shared).CreateDatabaseAsync("roundup_publish");
        await using var feeds = await LoopbackServer.StartAsync();
        await using var sink = await SmtpSink.StartAsync();
        await using var discord = await FakeDiscord.StartAsync();
        discord.DefaultWebhookLimit = new FakeRateLimit(50, TimeSpan.FromSeconds(1));
        feeds.MapFile("/research.rss", EvaluationFeed.Rss(120, TimeProvider.System.GetUtcNow()));
        string Config(string cron) => $$"""
            {
              "Roundup": { "BaseUrl": "{{BaseUrl}}", "Schedule": "{{cron}}", "TimeZone": "UTC" },
              "Sources": [{ "Name": "Research", "Url": "{{feeds.Url("/research.rss")}}" }],
              "Fetch": { "AllowPrivateAddresses": true, "Timeout": "00:00:30" },
              "Email": {
                "Smtp": { "Host": "127.0.0.1", "Port": {{sink.Port}}, "Security": "None" },
                "From": "Research Roundup <roundup@example.org>",
                "ListId": "roundup.example.org",
                "MessagesPerSecond": 200
              },
              "Discord": { "ApiBaseUrl": "{{discord.ApiBaseUrl}}", "RetryDelay": "00:00:00.050" },
              "Security": { "SigningKey": "clustered-publish-test-signing-key-0123456789" },
              "Storage": {
                "Provider": "postgres", "ConnectionString": "{{database}}",
                "CheckinInterval": "00:00:02", "CheckinMisfireThreshold": "00:00:03"
              }
            }
            """;
        using var cli = new CliRun(Config("0 0 8 ? * MON"));
        var addresses = Enumerable.Range(0, EmailSubscribers).Select(i => $"reader{i:D4}@example.org").ToList();
        var webhooks = Enumerable.Range(0, Webhooks).Select(_ => discord.AddWebhook()).ToList();
        await using (var store = new PostgresStore(database, TimeProvider.System))
        {
            await store.MigrateAsync(CancellationToken.None);
            foreach (var address in addresses)
            {
                await store.SubscribeAsync(address, SubscriberStatus.Confirmed, TimeProvider.System.GetUtcNow(), CancellationToken.None);
            }

            foreach (var webhook in webhooks)
            {
                await store.AddDiscordWebhookAsync(
                    new DiscordWebhook { WebhookId = webhook.Id, Token = webhook.Token, ChannelId = webhook.ChannelId },
                    $"#{webhook.ChannelId}", TimeProvider.System.GetUtcNow(), CancellationToken.None);
                webhook.HoldAfter(2);
            }
        }

        var runs = new ConcurrentQueue<(string Instance, string ScheduledFor)>();
        var recoveries = new ConcurrentQueue<string>();
        Action<string> Watch(string instance) => line =>
        {
            if (Running().Match(line) is { Success: true } match)
            {
                runs.Enqueue((instance, match.Groups[1].Value));
            }

            if (line.Contains("Running roundup.weekly-digest again", StringComparison.Ordinal))
            {
                recoveries.Enqueue(instance);
            }
        };
        var instances = new Dictionary<string, Process>
        {
            ["a"] = await ServeInstance.StartAsync(output, cli, "a", onLine: Watch("a")),
            ["b"] = await ServeInstance.StartAsync(output, cli, "b", onLine: Watch("b")),
        };
        try
        {
            // Both are up: move the shared roundup to a few seconds from now, for every instance at once.
            var due = TimeProvider.System.GetUtcNow().AddSeconds(6);
            await File.WriteAllTextAsync(cli.ConfigPath, Config(string.Create(CultureInfo.InvariantCulture,
                $"{due.Second} {due.Minute} {due.Hour} {due.Day} {due.Month} ? {due.Year}")));
            var applied = await cli.RunAsync("schedule", "apply");
            Assert.True(applied.ExitCode == 0, applied.ToString());

            await WaitUntilAsync(() => !runs.IsEmpty && sink.ReceivedCount >= EmailSubscribers / 2 && webhooks.Any(w => w.Held.IsCompleted), TimeSpan.FromSeconds(120));
            var (runner, scheduledFor) = runs.First();
            var victim = instances[runner];
            victim.Kill(entireProcessTree: true);
            await victim.WaitForExitAsync();
            var atKill = sink.ReceivedCount;
            var heldAtKill = webhooks.Count(w => w.Held.IsCompleted);
            output.WriteLine($"killed {runner} with {atKill} emails received and {heldAtKill} webhooks holding part 3");
            Assert.InRange(atKill, EmailSubscribers / 2, EmailSubscribers - 1);
            webhooks.ForEach(w => w.Release());

            await using var check = new PostgresStore(database, TimeProvider.System);
            await WaitUntilAsync(async () => (await check.ListDeliveriesAsync(1, CancellationToken.None))
                .Count(d => d.Status is DeliveryStatus.Sent or DeliveryStatus.Interrupted) == EmailSubscribers + Webhooks, TimeSpan.FromSeconds(120));

            // The survivor ran the same firing again (Quartz's recovery), not a new one.
            var survivor = runner == "a" ? "b" : "a";
            Assert.Contains(survivor, recoveries);
            Assert.Contains((survivor, scheduledFor), runs);
            Assert.Null(await check.GetDigestAsync(2, CancellationToken.None));

            var deliveries = await check.ListDeliveriesAsync(1, CancellationToken.None);
            var subscribers = (await check.ListSubscribersAsync(CancellationToken.None)).ToDictionary(s => s.Id);
            var received = sink.Received.Select(r => r.Recipients.Single()).ToList();
            Assert.Empty(received.GroupBy(r => r).Where(g => g.Count() > 1).Select(g => g.Key));
            var interrupted = deliveries.Where(d => d.Status == DeliveryStatus.Interrupted).Select(d => subscribers[d.SubscriberId].Address).ToList();
            // One message in flight per pass on the killed instance: the roundup's own and its delivery helper's.
            Assert.InRange(interrupted.Count, 0, 2);
            Assert.Equal(addresses.Order(StringComparer.Ordinal), received.Union(interrupted).Order(StringComparer.Ordinal));
            Assert.All(deliveries.Where(d => d.Status != DeliveryStatus.Interrupted), d => Assert.Equal(DeliveryStatus.Sent, d.Status));

            var digest = await check.GetDigestAsync(1, CancellationToken.None);
            var expected = DiscordRenderer.Render(digest!, $"{BaseUrl}/digests/1").Select(DiscordJson.Serialize).ToList();
            Assert.True(expected.Count > 3, $"the issue has only {expected.Count} Discord messages");
            Assert.All(webhooks, w => Assert.Equal(expected, discord.MessagesOf(w).Select(m => m.Body.GetRawText())));
            Assert.Empty(discord.Violations);
        }
        finally
        {
            foreach (var process in instances.Values.Where(p => !p.HasExited))
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            foreach (var process in instances.Values)
            {
                process.Dispose();
            }
        }
    }

    private static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout) => WaitUntilAsync(() => Task.FromResult(condition()), timeout);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = TimeProvider.System.GetUtcNow() + timeout;
        while (!await condition())
        {
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"not done within {timeout}");
            await Task.Delay(20);
        }
    }

    [GeneratedRegex("Running the roundup scheduled for (\\S+)")]
    private static partial Regex Running();
}
