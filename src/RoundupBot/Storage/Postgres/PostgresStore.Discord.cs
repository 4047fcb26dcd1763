using Npgsql;
using RoundupBot.Model;

namespace RoundupBot.Storage.Postgres;

public sealed partial class PostgresStore
{
    private const string WebhookColumns = "subscriber_id, webhook_id, token, channel_id, guild_id, thread_id, is_forum, name";

    /// <inheritdoc />
    /// <remarks>
    /// Two instances adding the same webhook at once: the unique address key (<c>discord:{webhook id}</c>) lets one
    /// insert, and the other (its <c>ON CONFLICT DO NOTHING</c> having waited for the first to commit) reads that row,
    /// locked, and finds it active: unchanged. Reviving a retired webhook locks its row first, so only one instance
    /// brings it back.
    /// </remarks>
    public Task<(Subscriber Subscriber, bool Changed)> AddDiscordWebhookAsync(DiscordWebhook webhook, string label, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        ArgumentException.ThrowIfNullOrWhiteSpace(webhook.WebhookId);
        ArgumentException.ThrowIfNullOrWhiteSpace(webhook.Token);
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        var key = DiscordKey(webhook.WebhookId);
        return InTransactionAsync("subscribing a Discord webhook", async (connection, transaction) =>
        {
            void ByKey(NpgsqlCommand c) => c.Parameters.AddText("key", key);
            var lookup = $"SELECT {SubscriberColumns} FROM subscribers WHERE address_key = @key FOR UPDATE";
            var existing = await ReadSubscribersAsync(connection, transaction, lookup, ByKey, cancellationToken);
            long id = 0;
            var changed = false;
            if (existing.Count == 0)
            {
                await using var insert = Command(connection, transaction, """
                    INSERT INTO subscribers (email, address_key, status, created_at, confirmed_at, channel)
                    VALUES (@label, @key, 'confirmed', @now, @now, 'discord')
                    ON CONFLICT (address_key) DO NOTHING
                    RETURNING id
                    """);
                insert.Parameters.AddText("label", label);
                ByKey(insert);
                insert.Parameters.AddTime("now", now);
                if (await insert.ExecuteScalarAsync(cancellationToken) is long inserted)
                {
                    id = inserted;
                    changed = true;
                }
                else
                {
                    // Another instance subscribed this webhook between our lookup and our insert; it is the existing row.
                    existing = await ReadSubscribersAsync(connection, transaction, lookup, ByKey, cancellationToken);
                }
            }

            if (!changed)
            {
                id = existing[0].Id;
                if (existing[0].Status is not SubscriberStatus.Confirmed)
                {
                    // A retired webhook that Discord knows again (it was just checked), or one unsubscribed earlier: back afresh.
                    await ExecuteAsync(connection, transaction, """
                        UPDATE subscribers SET email = @label, status = 'confirmed', confirmed_at = @now, unsubscribed_at = NULL,
                            bounces = 0, last_error = NULL
                        WHERE id = @id
                        """, c =>
                    {
                        c.Parameters.AddLong("id", id);
                        c.Parameters.AddText("label", label);
                        c.Parameters.AddTime("now", now);
                    }, cancellationToken);
                    changed = true;
                }
            }

            if (changed)
            {
                await ExecuteAsync(connection, transaction, """
                    INSERT INTO discord_webhooks (subscriber_id, webhook_id, token, channel_id, guild_id, thread_id, is_forum, name)
                    VALUES (@id, @webhookId, @token, @channelId, @guildId, @threadId, @isForum, @name)
                    ON CONFLICT (subscriber_id) DO UPDATE SET token = excluded.token, channel_id = excluded.channel_id,
                        guild_id = excluded.guild_id, thread_id = excluded.thread_id, is_forum = excluded.is_forum, name = excluded.name
                    """, c =>
                {
                    c.Parameters.AddLong("id", id);
                    c.Parameters.AddText("webhookId", webhook.WebhookId);
                    c.Parameters.AddText("token", webhook.Token);
                    c.Parameters.AddText("channelId", webhook.ChannelId);
                    c.Parameters.AddText("guildId", webhook.GuildId);
                    c.Parameters.AddText("threadId", webhook.ThreadId);
                    c.Parameters.AddBool("isForum", webhook.IsForum);
                    c.Parameters.AddText("name", webhook.Name);
                }, cancellationToken);
            }

            var subscriber = (await ReadSubscribersAsync(connection, transaction, $"SELECT {SubscriberColumns} FROM subscribers WHERE id = @id",
                c => c.Parameters.AddLong("id", id), cancellationToken))[0];
            return (subscriber, changed);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<DiscordWebhook?> GetDiscordWebhookAsync(long subscriberId, CancellationToken cancellationToken) =>
        RunAsync("reading a Discord webhook", async connection =>
        {
            await using var command = Command(connection, null, $"SELECT {WebhookColumns} FROM discord_webhooks WHERE subscriber_id = @id");
            command.Parameters.AddLong("id", subscriberId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? ReadWebhook(reader) : null;
        }, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<Subscriber>> FindDiscordSubscribersByChannelAsync(string channelId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channelId);
        return await RunAsync("reading Discord subscribers", connection => ReadSubscribersAsync(connection, null, $"""
            SELECT {SubscriberColumns} FROM subscribers
            WHERE channel = 'discord' AND id IN (SELECT subscriber_id FROM discord_webhooks WHERE channel_id = @channel OR thread_id = @channel)
            ORDER BY CASE status WHEN 'confirmed' THEN 0 ELSE 1 END, id DESC
            """, c => c.Parameters.AddText("channel", channelId), cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public Task SetDiscordForumAsync(long subscriberId, bool isForum, CancellationToken cancellationToken) =>
        RunAsync("marking a Discord channel as a forum", connection => ExecuteAsync(connection, null,
            "UPDATE discord_webhooks SET is_forum = @isForum WHERE subscriber_id = @id", c =>
            {
                c.Parameters.AddLong("id", subscriberId);
                c.Parameters.AddBool("isForum", isForum);
            }, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<DeliveryPart>> ListDeliveryPartsAsync(long deliveryId, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<DeliveryPart>>("reading a delivery's parts", async connection =>
        {
            await using var command = Command(connection, null,
                "SELECT delivery_id, part, message_id, channel_id, posted_at FROM delivery_parts WHERE delivery_id = @id ORDER BY part");
            command.Parameters.AddLong("id", deliveryId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var parts = new List<DeliveryPart>();
            while (await reader.ReadAsync(cancellationToken))
            {
                parts.Add(new DeliveryPart(reader.GetInt64(0), reader.GetInt32(1), reader.GetString(2), reader.ReadNullableString(3), reader.ReadTime(4)));
            }

            return parts;
        }, cancellationToken);

    /// <inheritdoc />
    /// <remarks><c>ON CONFLICT DO NOTHING</c>: the same part recorded twice, by this instance or another, keeps the first record.</remarks>
    public Task SaveDeliveryPartAsync(DeliveryPart part, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(part);
        ArgumentException.ThrowIfNullOrWhiteSpace(part.MessageId);
        return RunAsync("recording a delivery part", connection => ExecuteAsync(connection, null, """
            INSERT INTO delivery_parts (delivery_id, part, message_id, channel_id, posted_at)
            VALUES (@delivery, @part, @message, @channel, @at)
            ON CONFLICT (delivery_id, part) DO NOTHING
            """, c =>
        {
            c.Parameters.AddLong("delivery", part.DeliveryId);
            c.Parameters.AddInt("part", part.Part);
            c.Parameters.AddText("message", part.MessageId);
            c.Parameters.AddText("channel", part.ChannelId);
            c.Parameters.AddTime("at", part.PostedAt);
        }, cancellationToken), cancellationToken);
    }

    /// <summary>A Discord subscriber's address key: the webhook id, which no email key can equal (it has no '@').</summary>
    private static string DiscordKey(string webhookId) => "discord:" + webhookId;

    private static DiscordWebhook ReadWebhook(NpgsqlDataReader reader) => new()
    {
        SubscriberId = reader.GetInt64(0),
        WebhookId = reader.GetString(1),
        Token = reader.GetString(2),
        ChannelId = reader.ReadNullableString(3),
        GuildId = reader.ReadNullableString(4),
        ThreadId = reader.ReadNullableString(5),
        IsForum = reader.GetBoolean(6),
        Name = reader.ReadNullableString(7),
    };
}
