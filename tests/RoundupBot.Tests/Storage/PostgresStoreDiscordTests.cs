using RoundupBot.Model;
using RoundupBot.Storage;
using RoundupBot.Tests.Web;

namespace RoundupBot.Tests.Storage;

public sealed class PostgresStoreDiscordTests : StoreDiscordTests
{
    [Fact]
    public async Task Instances_adding_one_webhook_at_once_make_one_subscriber_and_one_webhook()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => Database.Open()).ToList();
        var now = Now;

        var results = await Task.WhenAll(stores.Select((s, i) => Task.Run(() =>
            s.AddDiscordWebhookAsync(Webhook("1100000000000000001", channel: "2100000000000000001"), $"label {i}", now, None))));

        Assert.Single(results, r => r.Changed);
        var id = Assert.Single(results.Select(r => r.Subscriber.Id).Distinct());
        Assert.Equal(id, Assert.Single(await Store.ListSubscribersAsync(None)).Id);
        Assert.Equal(1, await Database.CountRowsAsync("discord_webhooks"));
        Assert.Equal(id, (await Store.GetDiscordWebhookAsync(id, None))!.SubscriberId);
    }

    [Fact]
    public async Task Instances_bringing_back_one_retired_webhook_at_once_bring_it_back_once()
    {
        var (subscriber, _) = await Store.AddDiscordWebhookAsync(Webhook("1100000000000000002", channel: "2100000000000000002"), "label", Now, None);
        await Store.SetSubscriberStatusAsync(subscriber.Id, SubscriberStatus.Unsubscribed, Now, None);
        var stores = Enumerable.Range(0, 4).Select(_ => Database.Open()).ToList();
        var now = Now;

        var results = await Task.WhenAll(stores.Select((s, i) => Task.Run(() =>
            s.AddDiscordWebhookAsync(Webhook("1100000000000000002", channel: "2100000000000000002", token: $"token{i}"), "label", now, None))));

        var winner = Assert.Single(results, r => r.Changed);
        Assert.All(results, r => Assert.Equal((subscriber.Id, SubscriberStatus.Confirmed), (r.Subscriber.Id, r.Subscriber.Status)));
        // The webhook holds the details of the one that brought it back, not a mix.
        var token = (await Store.GetDiscordWebhookAsync(subscriber.Id, None))!.Token;
        Assert.Equal(token, $"token{results.ToList().IndexOf(winner)}");
    }

    [Fact]
    public async Task Instances_recording_the_same_part_at_once_keep_one_record()
    {
        await Store.AddDiscordWebhookAsync(Webhook("1100000000000000003", channel: "2100000000000000003"), "label", Now, None);
        await Store.SaveDigestAsync(TestWebServer.SampleDigest(1), Now, [DeliveryChannel.Discord], None);
        var delivery = await Store.ClaimDeliveryAsync(DeliveryChannel.Discord, "me", Now, Lease, None);
        var stores = Enumerable.Range(0, 4).Select(_ => Database.Open()).ToList();
        var now = Now;

        await Task.WhenAll(stores.Select((s, i) => Task.Run(() =>
            s.SaveDeliveryPartAsync(new DeliveryPart(delivery!.Id, 0, $"510000000000000000{i}", null, now), None))));

        var part = Assert.Single(await Store.ListDeliveryPartsAsync(delivery!.Id, None));
        Assert.StartsWith("510000000000000000", part.MessageId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_part_of_a_delivery_that_does_not_exist_is_refused()
    {
        var error = await Assert.ThrowsAsync<StoreException>(() =>
            Store.SaveDeliveryPartAsync(new DeliveryPart(999, 0, "5100000000000000009", null, Now), None));

        Assert.Contains("recording a delivery part failed (23503", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stores_the_webhook_with_postgres_types()
    {
        var row = await Database.QueryRowAsync("""
            SELECT string_agg(table_name || '.' || column_name || ' ' || data_type || CASE is_nullable WHEN 'NO' THEN ' not null' ELSE '' END,
                ', ' ORDER BY table_name, ordinal_position)
            FROM information_schema.columns
            WHERE table_name IN ('discord_webhooks', 'delivery_parts') OR (table_name = 'subscribers' AND column_name = 'channel')
            """);

        Assert.Equal(
            "delivery_parts.delivery_id bigint not null, delivery_parts.part integer not null, delivery_parts.message_id text not null, " +
            "delivery_parts.channel_id text, delivery_parts.posted_at timestamp with time zone not null, " +
            "discord_webhooks.subscriber_id bigint not null, discord_webhooks.webhook_id text not null, discord_webhooks.token text not null, " +
            "discord_webhooks.channel_id text, discord_webhooks.guild_id text, discord_webhooks.thread_id text, " +
            "discord_webhooks.is_forum boolean not null, discord_webhooks.name text, subscribers.channel text not null",
            row![0]);
    }

    protected override async Task<StoreDatabase> CreateDatabaseAsync() => await PostgresStoreDatabase.CreateAsync();
}
