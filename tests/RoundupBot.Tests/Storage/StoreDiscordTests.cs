using RoundupBot.Model;
using RoundupBot.Storage;
using RoundupBot.Tests.Web;

namespace RoundupBot.Tests.Storage;

/// <summary>
/// The store contract for Discord subscriptions (migration 7: <c>subscribers.channel</c>, <c>discord_webhooks</c>,
/// <c>delivery_parts</c>), run against every provider by the subclasses.
/// </summary>
public abstract class StoreDiscordTests : IAsyncLifetime
{
    protected static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);
    private StoreDatabase _database = null!;
    private IRoundupStore _store = null!;

    protected static CancellationToken None => CancellationToken.None;

    protected DateTimeOffset Now => _database.Time.GetUtcNow();

    protected StoreDatabase Database => _database;

    protected IRoundupStore Store => _store;

    public async Task InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        _store = await _database.OpenMigratedAsync();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    protected abstract Task<StoreDatabase> CreateDatabaseAsync();

    [Fact]
    public async Task Adding_a_webhook_makes_a_confirmed_Discord_subscriber_with_its_webhook_beside_it()
    {
        var webhook = Webhook("1000000000000000001", channel: "2000000000000000001") with
        {
            GuildId = "3000000000000000001",
            ThreadId = "4000000000000000001",
            IsForum = true,
            Name = "Roundup",
        };

        var (subscriber, changed) = await _store.AddDiscordWebhookAsync(webhook, "#2000000000000000001 (webhook 1000000000000000001)", Now, None);

        Assert.True(changed);
        Assert.True(subscriber.Id > 0);
        Assert.Equal(DeliveryChannel.Discord, subscriber.Channel);
        Assert.Equal(SubscriberStatus.Confirmed, subscriber.Status);
        Assert.Equal("#2000000000000000001 (webhook 1000000000000000001)", subscriber.Address);
        Assert.Equal((Now, Now, (DateTimeOffset?)null, 0, (string?)null),
            (subscriber.CreatedAt, subscriber.ConfirmedAt, subscriber.UnsubscribedAt, subscriber.Bounces, subscriber.LastError));
        Assert.Equal(subscriber, await _store.GetSubscriberAsync(subscriber.Id, None));
        Assert.Equal([subscriber], await _store.ListSubscribersAsync(None));
        Assert.Equal(webhook with { SubscriberId = subscriber.Id }, await _store.GetDiscordWebhookAsync(subscriber.Id, None));
        Assert.Null(await _store.GetDiscordWebhookAsync(subscriber.Id + 1, None));
        // The same stored shape on every provider: the key is the webhook id, the token only in discord_webhooks.
        var row = await _database.QueryRowAsync($"SELECT address_key, channel, email FROM subscribers WHERE id = {subscriber.Id}");
        Assert.Equal(new object?[] { "discord:1000000000000000001", "discord", "#2000000000000000001 (webhook 1000000000000000001)" }, row);
    }

    [Fact]
    public async Task A_webhook_with_only_an_id_and_a_token_is_stored_with_nulls()
    {
        var webhook = new DiscordWebhook { WebhookId = "1000000000000000002", Token = "secret-token" };

        var (subscriber, _) = await _store.AddDiscordWebhookAsync(webhook, "an unknown channel (webhook 1000000000000000002)", Now, None);

        var stored = await _store.GetDiscordWebhookAsync(subscriber.Id, None);
        Assert.Equal(webhook with { SubscriberId = subscriber.Id }, stored);
        Assert.False(stored!.IsForum);
    }

    [Fact]
    public async Task Adding_an_active_webhook_again_returns_it_unchanged()
    {
        var (first, _) = await _store.AddDiscordWebhookAsync(Webhook("1000000000000000003", channel: "2000000000000000003"), "first label", Now, None);
        _database.Time.Advance(TimeSpan.FromHours(1));

        var (again, changed) = await _store.AddDiscordWebhookAsync(
            Webhook("1000000000000000003", channel: "2000000000000000099", token: "another-token"), "second label", Now, None);

        Assert.False(changed);
        Assert.Equal(first, again);
        var stored = await _store.GetDiscordWebhookAsync(first.Id, None);
        Assert.Equal(("token-1000000000000000003", "2000000000000000003"), (stored!.Token, stored.ChannelId));
        Assert.Single(await _store.ListSubscribersAsync(None));
    }

    [Fact]
    public async Task A_delivery_that_retires_its_subscriber_unsubscribes_it_with_the_reason_in_the_same_step()
    {
        var (subscriber, _) = await _store.AddDiscordWebhookAsync(Webhook("1000000000000000004", channel: "2000000000000000004"), "label", Now, None);
        await _store.SaveDigestAsync(TestWebServer.SampleDigest(1), Now, [DeliveryChannel.Discord], None);
        var delivery = await _store.ClaimDeliveryAsync(DeliveryChannel.Discord, "me", Now, Lease, None);
        _database.Time.Advance(TimeSpan.FromMinutes(1));

        await _store.CompleteDeliveryAsync(delivery!.Id,
            new DeliveryOutcome(DeliveryStatus.Failed, "404 Unknown Webhook", RetireReason: "The webhook was deleted in Discord (404 Unknown Webhook)."), Now, None);

        var retired = await _store.GetSubscriberAsync(subscriber.Id, None);
        Assert.Equal((SubscriberStatus.Unsubscribed, Now, "The webhook was deleted in Discord (404 Unknown Webhook).", 0),
            (retired!.Status, retired.UnsubscribedAt, retired.LastError, retired.Bounces));
        var failed = Assert.Single(await _store.ListDeliveriesAsync(1, None));
        Assert.Equal((DeliveryStatus.Failed, "404 Unknown Webhook"), (failed.Status, failed.LastError));
        // A retired subscriber gets no further issue.
        await _store.SaveDigestAsync(TestWebServer.SampleDigest(2), Now, [DeliveryChannel.Discord], None);
        Assert.Empty(await _store.ListDeliveriesAsync(2, None));
    }

    [Fact]
    public async Task A_Discord_failure_without_a_retire_reason_leaves_the_subscriber_alone()
    {
        var (subscriber, _) = await _store.AddDiscordWebhookAsync(Webhook("1000000000000000005", channel: "2000000000000000005"), "label", Now, None);
        await _store.SaveDigestAsync(TestWebServer.SampleDigest(1), Now, [DeliveryChannel.Discord], None);
        var delivery = await _store.ClaimDeliveryAsync(DeliveryChannel.Discord, "me", Now, Lease, None);

        await _store.CompleteDeliveryAsync(delivery!.Id, new DeliveryOutcome(DeliveryStatus.Failed, "400 Bad Request", Bounce: true), Now, None);

        Assert.Equal(subscriber, await _store.GetSubscriberAsync(subscriber.Id, None));
    }

    [Fact]
    public async Task A_retired_webhook_comes_back_confirmed_with_its_details_replaced()
    {
        var (subscriber, _) = await _store.AddDiscordWebhookAsync(Webhook("1000000000000000006", channel: "2000000000000000006"), "old label", Now, None);
        await _store.SaveDigestAsync(TestWebServer.SampleDigest(1), Now, [DeliveryChannel.Discord], None);
        var delivery = await _store.ClaimDeliveryAsync(DeliveryChannel.Discord, "me", Now, Lease, None);
        await _store.CompleteDeliveryAsync(delivery!.Id, new DeliveryOutcome(DeliveryStatus.Failed, "gone", RetireReason: "deleted"), Now, None);
        _database.Time.Advance(TimeSpan.FromDays(2));
        var renewed = Webhook("1000000000000000006", channel: "2000000000000000066", token: "new-token") with { Name = "Renamed", IsForum = true };

        var (back, changed) = await _store.AddDiscordWebhookAsync(renewed, "new label", Now, None);

        Assert.True(changed);
        Assert.Equal(subscriber.Id, back.Id);
        Assert.Equal((SubscriberStatus.Confirmed, "new label", Now, (DateTimeOffset?)null, (string?)null, subscriber.CreatedAt),
            (back.Status, back.Address, back.ConfirmedAt, back.UnsubscribedAt, back.LastError, back.CreatedAt));
        Assert.Equal(renewed with { SubscriberId = subscriber.Id }, await _store.GetDiscordWebhookAsync(subscriber.Id, None));
        Assert.Single(await _store.ListSubscribersAsync(None));
        await _store.SaveDigestAsync(TestWebServer.SampleDigest(2), Now, [DeliveryChannel.Discord], None);
        Assert.Equal([subscriber.Id], (await _store.ListDeliveriesAsync(2, None)).Select(d => d.SubscriberId));
    }

    [Fact]
    public async Task A_paused_or_unsubscribed_webhook_is_brought_back_too()
    {
        var (subscriber, _) = await _store.AddDiscordWebhookAsync(Webhook("1000000000000000007", channel: "2000000000000000007"), "label", Now, None);
        await _store.SetSubscriberStatusAsync(subscriber.Id, SubscriberStatus.Paused, Now, None);

        var (back, changed) = await _store.AddDiscordWebhookAsync(Webhook("1000000000000000007", channel: "2000000000000000007"), "label", Now, None);

        Assert.True(changed);
        Assert.Equal((subscriber.Id, SubscriberStatus.Confirmed), (back.Id, back.Status));
    }

    [Fact]
    public async Task Email_paths_never_see_a_Discord_subscriber_and_each_channel_queues_its_own()
    {
        var (discord, _) = await _store.AddDiscordWebhookAsync(Webhook("1000000000000000008", channel: "2000000000000000008"), "discord label", Now, None);
        var (email, _) = await _store.SubscribeAsync("ada@example.org", SubscriberStatus.Confirmed, Now, None);
        await _store.SubscribeAsync("pending@example.org", SubscriberStatus.Pending, Now, None);

        Assert.Null(await _store.FindSubscriberAsync("discord label", None));
        Assert.Null(await _store.FindSubscriberAsync("discord:1000000000000000008", None));
        Assert.Equal(DeliveryChannel.Email, email.Channel);
        Assert.Equal(email, await _store.FindSubscriberAsync("ADA@example.org", None));
        Assert.Equal([(discord.Id, DeliveryChannel.Discord), (email.Id, DeliveryChannel.Email)],
            (await _store.ListSubscribersAsync(None)).Where(s => s.Status == SubscriberStatus.Confirmed).Select(s => (s.Id, s.Channel)));

        await _store.SaveDigestAsync(TestWebServer.SampleDigest(1), Now, [DeliveryChannel.Email], None);
        await _store.SaveDigestAsync(TestWebServer.SampleDigest(2), Now, [DeliveryChannel.Discord], None);
        await _store.SaveDigestAsync(TestWebServer.SampleDigest(3), Now, [DeliveryChannel.Email, DeliveryChannel.Discord], None);

        Assert.Equal([(email.Id, DeliveryChannel.Email)], (await _store.ListDeliveriesAsync(1, None)).Select(d => (d.SubscriberId, d.Channel)));
        Assert.Equal([(discord.Id, DeliveryChannel.Discord)], (await _store.ListDeliveriesAsync(2, None)).Select(d => (d.SubscriberId, d.Channel)));
        Assert.Equal([(discord.Id, DeliveryChannel.Discord), (email.Id, DeliveryChannel.Email)],
            (await _store.ListDeliveriesAsync(3, None)).Select(d => (d.SubscriberId, d.Channel)).OrderBy(d => d.SubscriberId));
        // Issues 2 and 3 for the webhook, never issue 1.
        Assert.Equal((2, discord.Id), await ClaimAsync());
        Assert.Equal((3, discord.Id), await ClaimAsync());
        Assert.Null(await _store.ClaimDeliveryAsync(DeliveryChannel.Discord, "me", Now, Lease, None));

        async Task<(int, long)> ClaimAsync() =>
            await _store.ClaimDeliveryAsync(DeliveryChannel.Discord, "me", Now, Lease, None) is { } d ? (d.DigestNumber, d.SubscriberId) : default;
    }

    [Fact]
    public async Task An_email_address_and_a_webhook_never_take_each_others_row()
    {
        var (email, _) = await _store.SubscribeAsync("discord@example.org", SubscriberStatus.Confirmed, Now, None);
        var (discord, added) = await _store.AddDiscordWebhookAsync(Webhook("1000000000000000009", channel: "2000000000000000009"), "discord@example.org", Now, None);
        var (emailAgain, changed) = await _store.SubscribeAsync("discord@example.org", SubscriberStatus.Confirmed, Now, None);

        Assert.True(added);
        Assert.NotEqual(email.Id, discord.Id);
        Assert.False(changed);
        Assert.Equal(email, emailAgain);
        Assert.Equal(email, await _store.FindSubscriberAsync("discord@example.org", None));
    }

    [Fact]
    public async Task Finds_the_subscribers_of_a_channel_or_thread_active_first_then_newest()
    {
        var (older, _) = await _store.AddDiscordWebhookAsync(Webhook("1000000000000000010", channel: "2000000000000000010"), "older", Now, None);
        var (retired, _) = await _store.AddDiscordWebhookAsync(Webhook("1000000000000000011", channel: "2000000000000000010"), "retired", Now, None);
        var (newer, _) = await _store.AddDiscordWebhookAsync(Webhook("1000000000000000012", channel: "2000000000000000010"), "newer", Now, None);
        var (thread, _) = await _store.AddDiscordWebhookAsync(
            Webhook("1000000000000000013", channel: "2000000000000000013") with { ThreadId = "4000000000000000013" }, "thread", Now, None);
        await _store.SetSubscriberStatusAsync(retired.Id, SubscriberStatus.Unsubscribed, Now, None);
        await _store.SubscribeAsync("2000000000000000010@example.org", SubscriberStatus.Confirmed, Now, None);

        Assert.Equal([newer.Id, older.Id, retired.Id], (await _store.FindDiscordSubscribersByChannelAsync("2000000000000000010", None)).Select(s => s.Id));
        Assert.Equal([thread.Id], (await _store.FindDiscordSubscribersByChannelAsync("4000000000000000013", None)).Select(s => s.Id));
        Assert.Equal([thread.Id], (await _store.FindDiscordSubscribersByChannelAsync("2000000000000000013", None)).Select(s => s.Id));
        Assert.Empty(await _store.FindDiscordSubscribersByChannelAsync("2000000000000000099", None));
        Assert.All(await _store.FindDiscordSubscribersByChannelAsync("2000000000000000010", None), s => Assert.Equal(DeliveryChannel.Discord, s.Channel));
    }

    [Fact]
    public async Task Marks_a_channel_as_a_forum_and_back()
    {
        var (subscriber, _) = await _store.AddDiscordWebhookAsync(Webhook("1000000000000000014", channel: "2000000000000000014"), "label", Now, None);

        await _store.SetDiscordForumAsync(subscriber.Id, true, None);
        var forum = await _store.GetDiscordWebhookAsync(subscriber.Id, None);
        await _store.SetDiscordForumAsync(subscriber.Id, false, None);
        var plain = await _store.GetDiscordWebhookAsync(subscriber.Id, None);
        await _store.SetDiscordForumAsync(subscriber.Id + 100, true, None);

        Assert.True(forum!.IsForum);
        Assert.False(plain!.IsForum);
        Assert.Equal(("token-1000000000000000014", "2000000000000000014"), (plain.Token, plain.ChannelId));
    }

    [Fact]
    public async Task Removing_a_Discord_subscriber_removes_its_webhook_and_adding_it_again_starts_afresh()
    {
        var (subscriber, _) = await _store.AddDiscordWebhookAsync(Webhook("1000000000000000015", channel: "2000000000000000015"), "label", Now, None);

        Assert.True(await _store.RemoveSubscriberAsync(subscriber.Id, None));

        Assert.Null(await _store.GetDiscordWebhookAsync(subscriber.Id, None));
        Assert.Empty(await _store.FindDiscordSubscribersByChannelAsync("2000000000000000015", None));
        Assert.Equal(0, await _database.CountRowsAsync("discord_webhooks"));
        var (again, changed) = await _store.AddDiscordWebhookAsync(Webhook("1000000000000000015", channel: "2000000000000000015"), "label", Now, None);
        // A new subscriber (SQLite may hand out the freed id again, so the id itself proves nothing).
        Assert.True(changed);
        Assert.Equal((SubscriberStatus.Confirmed, Now), (again.Status, again.CreatedAt));
        Assert.Equal("token-1000000000000000015", (await _store.GetDiscordWebhookAsync(again.Id, None))!.Token);
    }

    [Fact]
    public async Task Records_each_part_of_a_delivery_once_keeping_the_first_record()
    {
        var (subscriber, _) = await _store.AddDiscordWebhookAsync(Webhook("1000000000000000016", channel: "2000000000000000016"), "label", Now, None);
        await _store.SaveDigestAsync(TestWebServer.SampleDigest(1), Now, [DeliveryChannel.Discord], None);
        var delivery = await _store.ClaimDeliveryAsync(DeliveryChannel.Discord, "me", Now, Lease, None);
        var postedAt = new DateTimeOffset(2024, 1, 15, 9, 30, 1, 123, TimeSpan.FromHours(1));

        Assert.Empty(await _store.ListDeliveryPartsAsync(delivery!.Id, None));
        await _store.SaveDeliveryPartAsync(new DeliveryPart(delivery.Id, 1, "5000000000000000002", "2000000000000000016", postedAt), None);
        await _store.SaveDeliveryPartAsync(new DeliveryPart(delivery.Id, 0, "5000000000000000001", null, postedAt), None);
        await _store.SaveDeliveryPartAsync(new DeliveryPart(delivery.Id, 0, "5000000000000000099", "2000000000000000099", postedAt.AddMinutes(1)), None);

        var parts = await _store.ListDeliveryPartsAsync(delivery.Id, None);
        Assert.Equal(
            [
                new DeliveryPart(delivery.Id, 0, "5000000000000000001", null, postedAt.ToUniversalTime()),
                new DeliveryPart(delivery.Id, 1, "5000000000000000002", "2000000000000000016", postedAt.ToUniversalTime()),
            ],
            parts);
        Assert.All(parts, p => Assert.Equal(TimeSpan.Zero, p.PostedAt.Offset));
        Assert.Empty(await _store.ListDeliveryPartsAsync(delivery.Id + 1, None));
        Assert.Equal(subscriber.Id, delivery.SubscriberId);
    }

    /// <summary>A webhook with a token derived from its id ("token-" + id), so tests can tell which details were kept.</summary>
    protected static DiscordWebhook Webhook(string id, string channel, string? token = null) => new()
    {
        WebhookId = id,
        Token = token ?? "token-" + id,
        ChannelId = channel,
    };
}
