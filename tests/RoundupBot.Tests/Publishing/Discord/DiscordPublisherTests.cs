using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RoundupBot.Model;
using RoundupBot.Pipeline;
using RoundupBot.Publishing.Discord;
using RoundupBot.Publishing.Outbox;
using RoundupBot.Rendering;
using RoundupBot.Storage.Sqlite;
using RoundupBot.Storage;
using RoundupBot.Subscriptions;
using RoundupBot.Subscriptions.Discord;
using RoundupBot.Tests.Storage;
using RoundupBot.Tests.TestSupport;
using RoundupBot.Tests.Web;

namespace RoundupBot.Tests.Publishing.Discord;

/// <summary>The outbox's Discord channel against the fake Discord and a real SQLite store.</summary>
public sealed class DiscordPublisherTests : IAsyncLifetime
{
    private const string BaseUrl = "https://roundup.example.org";
    private static readonly Digest Issue = SampleDigests.Issue(sections: 7, sentences: 40) with { Number = 1, Title = "Some interesting things to start the week #1" };
    private readonly TempDatabase _database = new();
    private readonly ListLoggerProvider _logs = new();
    private FakeDiscord _fake = null!;
    private SqliteStore _store = null!;
    private ServiceProvider? _services;

    public async Task InitializeAsync()
    {
        _fake = await FakeDiscord.StartAsync();
        // Discord's own 5 per 2 seconds would make each issue take seconds; the storm test sets tight limits itself.
        _fake.DefaultWebhookLimit = new FakeRateLimit(50, TimeSpan.FromSeconds(1));
        _store = await _database.OpenMigratedAsync();
    }

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await _fake.DisposeAsync();
        await _store.DisposeAsync();
        await _database.DisposeAsync();
    }

    private static IReadOnlyList<DiscordWebhookMessage> Messages => DiscordRenderer.Render(Issue, $"{BaseUrl}/digests/1");

    [Fact]
    public async Task A_seven_section_issue_reaches_three_webhooks_whole_and_in_order_and_a_second_pass_posts_nothing()
    {
        var webhooks = Enumerable.Range(0, 3).Select(_ => _fake.AddWebhook()).ToList();
        var subscribers = new List<Subscriber>();
        foreach (var webhook in webhooks)
        {
            subscribers.Add(await SubscribeAsync(webhook));
        }

        await ArchiveAsync();
        var outbox = Outbox();

        Assert.Contains(DeliveryChannel.Discord, outbox.ConfiguredChannels);
        var report = await outbox.PublishDueAsync(CancellationToken.None);
        var requestsAfterFirst = _fake.Requests.Count;
        var again = await outbox.PublishDueAsync(CancellationToken.None);

        Assert.Equal(3, report.Sent);
        Assert.Equal(PublishReport.Empty, again);
        Assert.Equal(requestsAfterFirst, _fake.Requests.Count);
        var expected = Messages.Select(DiscordJson.Serialize).ToList();
        Assert.True(expected.Count >= 8, $"a long issue takes many messages; got {expected.Count}");
        Assert.Contains($"{BaseUrl}/digests/1", expected[^1], StringComparison.Ordinal);
        var deliveries = await _store.ListDeliveriesAsync(1, CancellationToken.None);
        foreach (var (webhook, subscriber) in webhooks.Zip(subscribers))
        {
            var received = _fake.MessagesOf(webhook);
            Assert.Equal(expected, received.Select(m => m.Body.GetRawText()));
            var delivery = Assert.Single(deliveries, d => d.SubscriberId == subscriber.Id);
            Assert.Equal(DeliveryStatus.Sent, delivery.Status);
            Assert.Equal(DeliveryChannel.Discord, delivery.Channel);
            var parts = await _store.ListDeliveryPartsAsync(delivery.Id, CancellationToken.None);
            Assert.Equal(Enumerable.Range(0, expected.Count), parts.Select(p => p.Part));
            Assert.Equal(received.Select(m => m.Id), parts.Select(p => p.MessageId));
        }

        AssertNoTokenLogged(webhooks);
    }

    [Fact]
    public async Task A_webhook_deleted_mid_issue_retires_the_subscription_at_once_and_the_others_get_everything()
    {
        var doomed = _fake.AddWebhook();
        var healthy = _fake.AddWebhook();
        doomed.DeleteAfterAccepted = 2;
        var retired = await SubscribeAsync(doomed);
        await SubscribeAsync(healthy);
        await ArchiveAsync();

        var report = await Outbox().PublishDueAsync(CancellationToken.None);
        var healthyAfterFirst = _fake.MessagesOf(healthy).Count;
        await ArchiveAsync(number: 2);
        var next = await Outbox().PublishDueAsync(CancellationToken.None);

        Assert.Equal(1, report.Sent);
        Assert.Equal(1, report.Failed);
        Assert.Equal(2, _fake.MessagesOf(doomed).Count);
        Assert.Single(_fake.Requests, r => r.WebhookId == doomed.Id && r.StatusCode == 404);
        Assert.Equal(Messages.Count, healthyAfterFirst);
        var subscriber = await _store.GetSubscriberAsync(retired.Id, CancellationToken.None);
        Assert.Equal(SubscriberStatus.Unsubscribed, subscriber!.Status);
        Assert.Equal(DiscordPublisher.UnknownWebhookReason, subscriber.LastError);
        var delivery = Assert.Single(await _store.ListDeliveriesAsync(1, CancellationToken.None), d => d.SubscriberId == retired.Id);
        Assert.Equal(DeliveryStatus.Failed, delivery.Status);
        Assert.Equal($"{DiscordPublisher.UnknownWebhookReason}; the subscription is retired (part 3 of {Messages.Count} not posted).", delivery.LastError);
        // The next issue is not even queued for it.
        Assert.Equal(1, next.Sent);
        Assert.DoesNotContain(await _store.ListDeliveriesAsync(2, CancellationToken.None), d => d.SubscriberId == retired.Id);
        Assert.Single(_fake.Requests, r => r.WebhookId == doomed.Id && r.StatusCode == 404);
    }

    [Fact]
    public async Task A_429_storm_still_delivers_everything_in_order_and_nothing_is_sent_before_its_retry_after()
    {
        var outbox = Outbox(o => o.GlobalRequestsPerSecond = 1000);
        _fake.GlobalLimit = new FakeRateLimit(4, TimeSpan.FromMilliseconds(400));
        var webhooks = Enumerable.Range(0, 3).Select(_ => _fake.AddWebhook(limit: new FakeRateLimit(3, TimeSpan.FromSeconds(1)))).ToList();
        foreach (var webhook in webhooks)
        {
            await SubscribeAsync(webhook);
        }

        await ArchiveAsync();

        var report = await outbox.PublishDueAsync(CancellationToken.None);

        Assert.Equal(3, report.Sent);
        Assert.True(_fake.TooManyRequestsCount > 0, "the storm did not happen");
        Assert.Empty(_fake.Violations);
        var expected = Messages.Select(DiscordJson.Serialize).ToList();
        Assert.All(webhooks, w => Assert.Equal(expected, _fake.MessagesOf(w).Select(m => m.Body.GetRawText())));
    }

    [Fact]
    public async Task A_forum_channel_gets_one_post_named_after_the_issue_with_every_part_inside_it()
    {
        var known = _fake.AddWebhook(forum: true);
        var unknown = _fake.AddWebhook(forum: true);
        await Subscriptions().AddWebhookAsync(new DiscordWebhookInfo(known.Id, known.Token, known.ChannelId, null, "Roundup") { IsForum = true }, CancellationToken.None);
        // Pasted as a URL: Discord's webhook object does not say the channel is a forum, so the publisher learns it.
        var learnt = await SubscribeAsync(unknown);
        await ArchiveAsync();

        var report = await Outbox().PublishDueAsync(CancellationToken.None);

        Assert.Equal(2, report.Sent);
        foreach (var webhook in new[] { known, unknown })
        {
            var received = _fake.MessagesOf(webhook);
            Assert.Equal(Messages.Count, received.Count);
            Assert.Equal(DiscordRenderer.ThreadName(Issue), received[0].ThreadName);
            var post = received[0].ChannelId;
            Assert.NotEqual(webhook.ChannelId, post);
            Assert.All(received.Skip(1), m => Assert.Equal(post, m.ThreadId));
            Assert.All(received.Skip(1), m => Assert.Null(m.ThreadName));
        }

        Assert.DoesNotContain(_fake.Requests, r => r.WebhookId == known.Id && r.StatusCode != 200);
        Assert.Single(_fake.Requests, r => r.WebhookId == unknown.Id && r.StatusCode == 400);
        Assert.True((await _store.GetDiscordWebhookAsync(learnt.Id, CancellationToken.None))!.IsForum);
    }

    [Fact]
    public async Task A_thread_subscription_posts_every_part_into_its_thread()
    {
        var webhook = _fake.AddWebhook();
        await Subscriptions().AddWebhookUrlAsync($"https://discord.com/api/webhooks/{webhook.Id}/{webhook.Token}?thread_id=1300000000000000077", CancellationToken.None);
        await ArchiveAsync();

        await Outbox().PublishDueAsync(CancellationToken.None);

        var received = _fake.MessagesOf(webhook);
        Assert.Equal(Messages.Count, received.Count);
        Assert.All(received, m => Assert.Equal("1300000000000000077", m.ThreadId));
    }

    [Fact]
    public async Task Stopped_while_part_three_was_unanswered_and_never_stored_the_next_pass_posts_parts_three_onward_once()
    {
        var webhook = _fake.AddWebhook();
        webhook.HoldAfter(2);
        await SubscribeAsync(webhook);
        await ArchiveAsync();

        await StopWhileHeldAsync(webhook);
        var delivery = Assert.Single(await _store.ListDeliveriesAsync(1, CancellationToken.None));
        Assert.Equal(DeliveryStatus.Pending, delivery.Status);
        Assert.Equal(2, (await _store.ListDeliveryPartsAsync(delivery.Id, CancellationToken.None)).Count);
        webhook.Release();
        var report = await Outbox().PublishDueAsync(CancellationToken.None);

        Assert.Equal(1, report.Sent);
        Assert.Equal(Messages.Select(DiscordJson.Serialize), _fake.MessagesOf(webhook).Select(m => m.Body.GetRawText()));
        Assert.Contains(_logs.Entries, e => e.EventId.Id == 4212 && e.Message.Contains("at part 3 of", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Stopped_after_Discord_stored_part_three_but_before_it_answered_part_three_is_posted_again_and_nothing_else_twice()
    {
        // The one case exactly-once cannot cover (see DiscordPublisher's remarks): re-posting the part in doubt is
        // preferred to leaving a hole in the issue.
        var webhook = _fake.AddWebhook();
        webhook.HoldAfter(2, afterStoring: true);
        await SubscribeAsync(webhook);
        await ArchiveAsync();

        await StopWhileHeldAsync(webhook);
        webhook.Release();
        await Outbox().PublishDueAsync(CancellationToken.None);

        var expected = Messages.Select(DiscordJson.Serialize).ToList();
        var received = _fake.MessagesOf(webhook).Select(m => m.Body.GetRawText()).ToList();
        Assert.Equal([.. expected[..3], .. expected[2..]], received);
    }

    [Fact]
    public async Task A_transient_failure_keeps_the_posted_parts_and_the_retry_resumes_after_them()
    {
        var outbox = Outbox(o => o.MaxRetries = 0);
        var webhook = _fake.AddWebhook();
        await SubscribeAsync(webhook);
        await ArchiveAsync();
        webhook.FailAfter(accepted: 3, count: 1, status: 503);

        var first = await outbox.PublishDueAsync(CancellationToken.None);
        var delivery = Assert.Single(await _store.ListDeliveriesAsync(1, CancellationToken.None));
        var early = await outbox.PublishDueAsync(CancellationToken.None);
        _database.Time.Advance(DeliveryRetry.Delay(1));
        var retried = await outbox.PublishDueAsync(CancellationToken.None);

        Assert.Equal(1, first.Retrying);
        Assert.Equal(DeliveryStatus.Pending, delivery.Status);
        Assert.StartsWith($"Discord answered 503 at part 4 of {Messages.Count}; the parts before it are posted and kept", delivery.LastError, StringComparison.Ordinal);
        Assert.Equal(_database.Time.GetUtcNow(), delivery.NextAttemptAt);
        Assert.Equal(PublishReport.Empty, early);
        Assert.Equal(1, retried.Sent);
        Assert.Equal(Messages.Select(DiscordJson.Serialize), _fake.MessagesOf(webhook).Select(m => m.Body.GetRawText()));
        Assert.Equal(2, (await _store.ListDeliveriesAsync(1, CancellationToken.None))[0].Attempts);
    }

    [Fact]
    public async Task A_subscription_removed_after_the_issue_was_queued_gets_nothing()
    {
        var webhook = _fake.AddWebhook();
        var subscriber = await SubscribeAsync(webhook);
        await ArchiveAsync();
        await _store.RemoveSubscriberAsync(subscriber.Id, CancellationToken.None);

        var report = await Outbox().PublishDueAsync(CancellationToken.None);

        Assert.Equal(PublishReport.Empty, report);
        Assert.DoesNotContain(await _store.ListDeliveriesAsync(1, CancellationToken.None), d => d.SubscriberId == subscriber.Id);
        Assert.Empty(_fake.MessagesOf(webhook));
        Assert.Null(await _store.GetDiscordWebhookAsync(subscriber.Id, CancellationToken.None));
    }

    [Fact]
    public async Task A_retired_webhook_shows_on_the_admin_page_with_its_reason()
    {
        var doomed = _fake.AddWebhook();
        doomed.DeleteAfterAccepted = 1;
        await using var server = await TestWebServer.StartAsync(new Dictionary<string, string?>
        {
            ["Discord:ApiBaseUrl"] = _fake.ApiBaseUrl,
            ["Roundup:BaseUrl"] = BaseUrl,
        });
        var subscriber = await server.Services.GetRequiredService<DiscordSubscriptions>()
            .AddWebhookUrlAsync($"https://discord.com/api/webhooks/{doomed.Id}/{doomed.Token}", CancellationToken.None);
        await server.Store.SaveDigestAsync(Issue, TimeProvider.System.GetUtcNow(), server.Services.GetRequiredService<DeliveryOutbox>().ConfiguredChannels, CancellationToken.None);
        await server.Services.GetRequiredService<DeliveryOutbox>().PublishDueAsync(CancellationToken.None);
        using var admin = await server.SignedInClientAsync();

        var page = await admin.GetStringAsync("/admin");

        Assert.Contains("Discord: 0 active channels, 1 retired or unsubscribed.", page, StringComparison.Ordinal);
        Assert.Matches($@"<td>{subscriber.Id}</td><td>discord</td><td>#{doomed.ChannelId} in guild \d+ \(webhook {doomed.Id}, &quot;Roundup&quot;\)</td><td>retired</td>", page);
        Assert.Contains(DiscordPublisher.UnknownWebhookReason, page, StringComparison.Ordinal);
        Assert.DoesNotContain(doomed.Token, page, StringComparison.Ordinal);
    }

    /// <summary>Runs a pass until the webhook holds a request, then stops it (as Ctrl+C does) and waits for the pass to end.</summary>
    private async Task StopWhileHeldAsync(FakeWebhook webhook)
    {
        using var stop = new CancellationTokenSource();
        var pass = Outbox().PublishDueAsync(stop.Token);
        await webhook.Held.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pass);
    }

    private async Task<Subscriber> SubscribeAsync(FakeWebhook webhook) =>
        await Subscriptions().AddWebhookUrlAsync($"https://discord.com/api/webhooks/{webhook.Id}/{webhook.Token}", CancellationToken.None);

    private Task ArchiveAsync(int number = 1) =>
        _store.SaveDigestAsync(Issue with { Number = number, Title = $"Some interesting things to start the week #{number}" }, _database.Time.GetUtcNow(), [DeliveryChannel.Discord], CancellationToken.None);

    private DiscordSubscriptions Subscriptions() => Services().GetRequiredService<DiscordSubscriptions>();

    private DeliveryOutbox Outbox(Action<DiscordOptions>? configure = null)
    {
        var options = Services(configure).GetRequiredService<IOptions<DiscordOptions>>();
        var publisher = new DiscordPublisher(
            _store,
            Services().GetRequiredService<DiscordWebhookClient>(),
            options,
            Options.Create(new RoundupOptions { BaseUrl = BaseUrl }),
            _database.Time,
            _logs.CreateLogger<DiscordPublisher>());
        return new DeliveryOutbox([publisher], _store, _database.Time, Microsoft.Extensions.Options.Options.Create(new RoundupBot.Storage.StorageOptions()), _logs.CreateLogger<DeliveryOutbox>());
    }

    /// <summary>The client and subscriptions, on the real clock (the client waits on it); the outbox runs on the test's clock.</summary>
    private ServiceProvider Services(Action<DiscordOptions>? configure = null)
    {
        if (configure is not null && _services is not null)
        {
            throw new InvalidOperationException("Configure the Discord options in the test's first call.");
        }

        if (_services is null)
        {
            var services = new ServiceCollection();
            services.AddLogging(b => b.ClearProviders().AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
            services.AddSingleton<IRoundupStore>(_store);
            services.AddDiscord().AddSubscriptions();
            services.Configure<DiscordOptions>(o =>
            {
                o.ApiBaseUrl = _fake.ApiBaseUrl;
                o.RetryDelay = TimeSpan.FromMilliseconds(20);
                o.Timeout = TimeSpan.FromSeconds(10);
                configure?.Invoke(o);
            });
            _services = services.BuildServiceProvider();
        }

        return _services;
    }

    private void AssertNoTokenLogged(IEnumerable<FakeWebhook> webhooks)
    {
        Assert.NotEmpty(_logs.Entries);
        foreach (var webhook in webhooks)
        {
            Assert.All(_logs.Entries, e => Assert.DoesNotContain(webhook.Token, e.Message, StringComparison.Ordinal));
        }
    }
}
