using RoundupBot.Model;

namespace RoundupBot.Storage;

public abstract partial class SqlStore
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
        // The webhook id, which no email key can equal (it has no '@').
        var key = "discord:" + webhook.WebhookId;
        return _executor.WriteAsync("subscribing a Discord webhook", async session =>
        {
            void ByKey(SqlArgs a) => a.Text("key", key);
            var lookup = $"SELECT {SubscriberColumns} FROM subscribers WHERE address_key = @key{Dialect.ForUpdate}";
            var existing = await ReadSubscribersAsync(session, lookup, ByKey, cancellationToken);
            long id = 0;
            var changed = false;
            if (existing.Count == 0)
            {
                if (await session.ScalarAsync("""
                    INSERT INTO subscribers (email, address_key, status, created_at, confirmed_at, channel)
                    VALUES (@label, @key, 'confirmed', @now, @now, 'discord')
                    ON CONFLICT (address_key) DO NOTHING
                    RETURNING id
                    """, a => a.Text("label", label).Text("key", key).Time("now", now), cancellationToken) is long inserted)
                {
                    id = inserted;
                    changed = true;
                }
                else
                {
                    // Another instance subscribed this webhook between our lookup and our insert; it is the existing row.
                    existing = await ReadSubscribersAsync(session, lookup, ByKey, cancellationToken);
                }
            }

            if (!changed)
            {
                id = existing[0].Id;
                if (existing[0].Status is not SubscriberStatus.Confirmed)
                {
                    // A retired webhook that Discord knows again (it was just checked), or one unsubscribed earlier: back afresh.
                    await session.ExecuteAsync("""
                        UPDATE subscribers SET email = @label, status = 'confirmed', confirmed_at = @now, unsubscribed_at = NULL,
                            bounces = 0, last_error = NULL
                        WHERE id = @id
                        """, a => a.Long("id", id).Text("label", label).Time("now", now), cancellationToken);
                    changed = true;
                }
            }

            if (changed)
            {
                await session.ExecuteAsync("""
                    INSERT INTO discord_webhooks (subscriber_id, webhook_id, token, channel_id, guild_id, thread_id, is_forum, name)
                    VALUES (@id, @webhookId, @token, @channelId, @guildId, @threadId, @isForum, @name)
                    ON CONFLICT (subscriber_id) DO UPDATE SET token = excluded.token, channel_id = excluded.channel_id,
                        guild_id = excluded.guild_id, thread_id = excluded.thread_id, is_forum = excluded.is_forum, name = excluded.name
                    """, a => a
                    .Long("id", id)
                    .Text("webhookId", webhook.WebhookId)
                    .Text("token", webhook.Token)
                    .Text("channelId", webhook.ChannelId)
                    .Text("guildId", webhook.GuildId)
                    .Text("threadId", webhook.ThreadId)
                    .Bool("isForum", webhook.IsForum)
                    .Text("name", webhook.Name), cancellationToken);
            }

            var subscriber = (await ReadSubscribersAsync(session, $"SELECT {SubscriberColumns} FROM subscribers WHERE id = @id", a => a.Long("id", id), cancellationToken))[0];
            return (subscriber, changed);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<DiscordWebhook?> GetDiscordWebhookAsync(long subscriberId, CancellationToken cancellationToken) =>
        (await _executor.ReadAsync("reading a Discord webhook", session => session.QueryAsync(
            $"SELECT {WebhookColumns} FROM discord_webhooks WHERE subscriber_id = @id", a => a.Long("id", subscriberId), r => new DiscordWebhook
            {
                SubscriberId = r.Long(0),
                WebhookId = r.Text(1),
                Token = r.Text(2),
                ChannelId = r.TextOrNull(3),
                GuildId = r.TextOrNull(4),
                ThreadId = r.TextOrNull(5),
                IsForum = r.Bool(6),
                Name = r.TextOrNull(7),
            }, cancellationToken), cancellationToken)).FirstOrDefault();

    /// <inheritdoc />
    public async Task<IReadOnlyList<Subscriber>> FindDiscordSubscribersByChannelAsync(string channelId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channelId);
        return await _executor.ReadAsync("reading Discord subscribers", session => ReadSubscribersAsync(session, $"""
            SELECT {SubscriberColumns} FROM subscribers
            WHERE channel = 'discord' AND id IN (SELECT subscriber_id FROM discord_webhooks WHERE channel_id = @channel OR thread_id = @channel)
            ORDER BY CASE status WHEN 'confirmed' THEN 0 ELSE 1 END, id DESC
            """, a => a.Text("channel", channelId), cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public Task SetDiscordForumAsync(long subscriberId, bool isForum, CancellationToken cancellationToken) =>
        _executor.WriteAsync("marking a Discord channel as a forum", session => session.ExecuteAsync(
            "UPDATE discord_webhooks SET is_forum = @isForum WHERE subscriber_id = @id",
            a => a.Long("id", subscriberId).Bool("isForum", isForum), cancellationToken), cancellationToken, atomic: false);

    /// <inheritdoc />
    public async Task<IReadOnlyList<DeliveryPart>> ListDeliveryPartsAsync(long deliveryId, CancellationToken cancellationToken) =>
        await _executor.ReadAsync("reading a delivery's parts", session => session.QueryAsync(
            "SELECT delivery_id, part, message_id, channel_id, posted_at FROM delivery_parts WHERE delivery_id = @id ORDER BY part",
            a => a.Long("id", deliveryId), r => new DeliveryPart(r.Long(0), r.Int(1), r.Text(2), r.TextOrNull(3), r.Time(4)), cancellationToken),
            cancellationToken);

    /// <inheritdoc />
    /// <remarks><c>ON CONFLICT DO NOTHING</c>: the same part recorded twice, by this instance or another, keeps the first record.</remarks>
    public Task SaveDeliveryPartAsync(DeliveryPart part, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(part);
        ArgumentException.ThrowIfNullOrWhiteSpace(part.MessageId);
        return _executor.WriteAsync("recording a delivery part", session => session.ExecuteAsync("""
            INSERT INTO delivery_parts (delivery_id, part, message_id, channel_id, posted_at)
            VALUES (@delivery, @part, @message, @channel, @at)
            ON CONFLICT (delivery_id, part) DO NOTHING
            """, a => a
            .Long("delivery", part.DeliveryId)
            .Int("part", part.Part)
            .Text("message", part.MessageId)
            .Text("channel", part.ChannelId)
            .Time("at", part.PostedAt), cancellationToken), cancellationToken, atomic: false);
    }
}
