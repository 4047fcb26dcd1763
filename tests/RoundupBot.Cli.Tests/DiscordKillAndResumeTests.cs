using System.Diagnostics;
using RoundupBot.Model;
using RoundupBot.Publishing.Discord;
using RoundupBot.Rendering;
using RoundupBot.Storage.Sqlite;
using RoundupBot.Tests.TestSupport;
using Xunit.Abstractions;

namespace RoundupBot.Cli.Tests;

/// <summary>
/// <c>roundup run</c> as a real process posting an issue to the fake Discord, killed (SIGKILL) while the third message
/// of one webhook is in flight (the fake holds it, unanswered and not stored); a second run posts the third part
/// onward: every part of the issue exactly once, in order, none missing.
/// </summary>
/// <remarks>
/// The held part never reached the fake's store, so posting it again is exactly once. Had Discord stored it before the
/// kill (the answer lost), the second run would post it again: that one part twice, by design (see
/// <see cref="DiscordPublisher"/>'s remarks; covered in-process by DiscordPublisherTests).
/// </remarks>
[Collection(WallClockTiming.Name)]
public sealed class DiscordKillAndResumeTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string BaseUrl = "https://roundup.example.org";
    private LoopbackServer _feeds = null!;
    private FakeDiscord _discord = null!;

    public async Task InitializeAsync()
    {
        _feeds = await LoopbackServer.StartAsync();
        _discord = await FakeDiscord.StartAsync();
        _discord.DefaultWebhookLimit = new FakeRateLimit(50, TimeSpan.FromSeconds(1));
    }

    public async Task DisposeAsync()
    {
        await _discord.DisposeAsync();
        await _feeds.DisposeAsync();
    }

    [Fact]
    public async Task Killed_after_part_two_a_second_run_posts_parts_three_onward_and_no_part_twice()
    {
        _feeds.MapFile("/research.rss", EvaluationFeed.Rss(120, TimeProvider.System.GetUtcNow()));
        using var cli = new CliRun($$"""
            {
              "Roundup": { "BaseUrl": "{{BaseUrl}}" },
              "Sources": [{ "Name": "Research", "Url": "{{_feeds.Url("/research.rss")}}" }],
              "Fetch": { "AllowPrivateAddresses": true, "Timeout": "00:00:30" },
              "Discord": { "ApiBaseUrl": "{{_discord.ApiBaseUrl}}", "RetryDelay": "00:00:00.050" }
            }
            """);
        var held = _discord.AddWebhook();
        var other = _discord.AddWebhook();
        held.HoldAfter(2);
        var subscriberIds = new Dictionary<FakeWebhook, long>();
        await using (var store = new SqliteStore(Path.Combine(cli.DataPath, "roundup.db"), TimeProvider.System))
        {
            await store.MigrateAsync(CancellationToken.None);
            foreach (var webhook in new[] { held, other })
            {
                var (subscriber, _) = await store.AddDiscordWebhookAsync(
                    new DiscordWebhook { WebhookId = webhook.Id, Token = webhook.Token, ChannelId = webhook.ChannelId },
                    $"#{webhook.ChannelId} (webhook {webhook.Id})",
                    TimeProvider.System.GetUtcNow(),
                    CancellationToken.None);
                subscriberIds[webhook] = subscriber.Id;
            }
        }

        using (var first = Start(cli, "run"))
        {
            var exited = first.WaitForExitAsync();
            var ready = await Task.WhenAny(held.Held, exited, Task.Delay(TimeSpan.FromSeconds(180)));
            Assert.True(ready == held.Held, $"the first run did not reach part 3 (exited: {first.HasExited})");
            first.Kill();
            await first.WaitForExitAsync();
        }

        Assert.Equal(2, _discord.MessagesOf(held).Count);
        held.Release();
        var second = await cli.RunAsync("run");
        output.WriteLine(second.ToString());

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("Deliveries: ", second.Out, StringComparison.Ordinal);
        await using var check = new SqliteStore(Path.Combine(cli.DataPath, "roundup.db"), TimeProvider.System);
        var digest = await check.GetDigestAsync(1, CancellationToken.None);
        Assert.NotNull(digest);
        var expected = DiscordRenderer.Render(digest, $"{BaseUrl}/digests/1").Select(DiscordJson.Serialize).ToList();
        Assert.True(expected.Count > 3, $"the issue has only {expected.Count} messages");
        // Every part once, in order: parts 1 and 2 from the first run, 3 onward from the second.
        Assert.Equal(expected, _discord.MessagesOf(held).Select(m => m.Body.GetRawText()));
        // The other webhook was killed wherever it happened to be: if Discord had stored its part in flight, that part
        // comes twice in a row (the documented trade-off); otherwise every part once.
        var others = _discord.MessagesOf(other).Select(m => m.Body.GetRawText()).ToList();
        Assert.True(
            others.SequenceEqual(expected) || Enumerable.Range(0, expected.Count).Any(k => others.SequenceEqual([.. expected[..(k + 1)], .. expected[k..]])),
            $"the other webhook got {others.Count} of {expected.Count} parts, not the issue in order");
        Assert.Single(_discord.Requests, r => r.WebhookId == held.Id && r.StatusCode == 0);
        var deliveries = await check.ListDeliveriesAsync(1, CancellationToken.None);
        Assert.Equal(2, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal(DeliveryStatus.Sent, d.Status));
        foreach (var delivery in deliveries)
        {
            Assert.Equal(Enumerable.Range(0, expected.Count), (await check.ListDeliveryPartsAsync(delivery.Id, CancellationToken.None)).Select(p => p.Part));
        }

        var heldDelivery = Assert.Single(deliveries, d => d.SubscriberId == subscriberIds[held]);
        Assert.Equal(2, heldDelivery.Attempts);
        var parts = await check.ListDeliveryPartsAsync(heldDelivery.Id, CancellationToken.None);
        Assert.Equal(_discord.MessagesOf(held).Select(m => m.Id), parts.Select(p => p.MessageId));
        Assert.DoesNotContain(held.Token, second.Out + second.Error, StringComparison.Ordinal);
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
