using System.Globalization;
using Microsoft.Data.Sqlite;
using RoundupBot.Model;

namespace RoundupBot.Storage.Sqlite;

public sealed partial class SqliteStore
{
    private const string WebhookColumns = "subscriber_id, webhook_id, token, channel_id, guild_id, thread_id, is_forum, name";

    /// <inheritdoc />
    public async Task<(Subscriber Subscriber, bool Changed)> AddDiscordWebhookAsync(DiscordWebhook webhook, string label, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        ArgumentException.ThrowIfNullOrWhiteSpace(webhook.WebhookId);
        ArgumentException.ThrowIfNullOrWhiteSpace(webhook.Token);
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        var key = DiscordKey(webhook.WebhookId);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var connection = GetWriteConnection();
            using var transaction = connection.BeginTransaction();
            var existing = ReadSubscribers(connection, transaction, $"SELECT {SubscriberColumns} FROM subscribers WHERE address_key = $key", c => c.Parameters.AddWithValue("$key", key));
            bool changed;
            long id;
            if (existing.Count == 0)
            {
                using var insert = Command(connection, transaction, """
                    INSERT INTO subscribers (email, address_key, status, created_at, confirmed_at, channel)
                    VALUES ($label, $key, 'confirmed', $now, $now, 'discord')
                    RETURNING id
                    """);
                insert.Parameters.AddWithValue("$label", label);
                insert.Parameters.AddWithValue("$key", key);
                insert.Parameters.AddWithValue("$now", ToUnixMs(now));
                id = Convert.ToInt64(insert.ExecuteScalar(), CultureInfo.InvariantCulture);
                changed = true;
            }
            else if (existing[0].Status is SubscriberStatus.Confirmed)
            {
                id = existing[0].Id;
                changed = false;
            }
            else
            {
                // A retired webhook that Discord knows again (it was just checked), or one unsubscribed earlier: back afresh.
                id = existing[0].Id;
                using var update = Command(connection, transaction, """
                    UPDATE subscribers SET email = $label, status = 'confirmed', confirmed_at = $now, unsubscribed_at = NULL,
                        bounces = 0, last_error = NULL
                    WHERE id = $id
                    """);
                update.Parameters.AddWithValue("$id", id);
                update.Parameters.AddWithValue("$label", label);
                update.Parameters.AddWithValue("$now", ToUnixMs(now));
                update.ExecuteNonQuery();
                changed = true;
            }

            if (changed)
            {
                using var upsert = Command(connection, transaction, """
                    INSERT INTO discord_webhooks (subscriber_id, webhook_id, token, channel_id, guild_id, thread_id, is_forum, name)
                    VALUES ($id, $webhookId, $token, $channelId, $guildId, $threadId, $isForum, $name)
                    ON CONFLICT (subscriber_id) DO UPDATE SET token = excluded.token, channel_id = excluded.channel_id,
                        guild_id = excluded.guild_id, thread_id = excluded.thread_id, is_forum = excluded.is_forum, name = excluded.name
                    """);
                upsert.Parameters.AddWithValue("$id", id);
                upsert.Parameters.AddWithValue("$webhookId", webhook.WebhookId);
                upsert.Parameters.AddWithValue("$token", webhook.Token);
                upsert.Parameters.AddWithValue("$channelId", ToDb(webhook.ChannelId));
                upsert.Parameters.AddWithValue("$guildId", ToDb(webhook.GuildId));
                upsert.Parameters.AddWithValue("$threadId", ToDb(webhook.ThreadId));
                upsert.Parameters.AddWithValue("$isForum", webhook.IsForum ? 1 : 0);
                upsert.Parameters.AddWithValue("$name", ToDb(webhook.Name));
                upsert.ExecuteNonQuery();
            }

            var subscriber = ReadSubscribers(connection, transaction, $"SELECT {SubscriberColumns} FROM subscribers WHERE id = $id", c => c.Parameters.AddWithValue("$id", id))[0];
            transaction.Commit();
            return (subscriber, changed);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public async Task<DiscordWebhook?> GetDiscordWebhookAsync(long subscriberId, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        using var command = Command(connection, null, $"SELECT {WebhookColumns} FROM discord_webhooks WHERE subscriber_id = $id");
        command.Parameters.AddWithValue("$id", subscriberId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadWebhook(reader) : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Subscriber>> FindDiscordSubscribersByChannelAsync(string channelId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channelId);
        await using var connection = Open();
        return ReadSubscribers(connection, null, $"""
            SELECT {SubscriberColumns} FROM subscribers
            WHERE channel = 'discord' AND id IN (SELECT subscriber_id FROM discord_webhooks WHERE channel_id = $channel OR thread_id = $channel)
            ORDER BY CASE status WHEN 'confirmed' THEN 0 ELSE 1 END, id DESC
            """, c => c.Parameters.AddWithValue("$channel", channelId));
    }

    /// <inheritdoc />
    public async Task SetDiscordForumAsync(long subscriberId, bool isForum, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            using var command = Command(GetWriteConnection(), null, "UPDATE discord_webhooks SET is_forum = $isForum WHERE subscriber_id = $id");
            command.Parameters.AddWithValue("$id", subscriberId);
            command.Parameters.AddWithValue("$isForum", isForum ? 1 : 0);
            command.ExecuteNonQuery();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DeliveryPart>> ListDeliveryPartsAsync(long deliveryId, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        using var command = Command(connection, null, "SELECT delivery_id, part, message_id, channel_id, posted_at FROM delivery_parts WHERE delivery_id = $id ORDER BY part");
        command.Parameters.AddWithValue("$id", deliveryId);
        using var reader = command.ExecuteReader();
        var parts = new List<DeliveryPart>();
        while (reader.Read())
        {
            parts.Add(new DeliveryPart(reader.GetInt64(0), reader.GetInt32(1), reader.GetString(2), ReadString(reader, 3), FromUnixMs(reader.GetInt64(4))));
        }

        return parts;
    }

    /// <inheritdoc />
    public async Task SaveDeliveryPartAsync(DeliveryPart part, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(part);
        ArgumentException.ThrowIfNullOrWhiteSpace(part.MessageId);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            using var command = Command(GetWriteConnection(), null, """
                INSERT OR IGNORE INTO delivery_parts (delivery_id, part, message_id, channel_id, posted_at)
                VALUES ($delivery, $part, $message, $channel, $at)
                """);
            command.Parameters.AddWithValue("$delivery", part.DeliveryId);
            command.Parameters.AddWithValue("$part", part.Part);
            command.Parameters.AddWithValue("$message", part.MessageId);
            command.Parameters.AddWithValue("$channel", ToDb(part.ChannelId));
            command.Parameters.AddWithValue("$at", ToUnixMs(part.PostedAt));
            command.ExecuteNonQuery();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>A Discord subscriber's address key: the webhook id, which no email key can equal (it has no '@').</summary>
    private static string DiscordKey(string webhookId) => "discord:" + webhookId;

    private static DiscordWebhook ReadWebhook(SqliteDataReader reader) => new()
    {
        SubscriberId = reader.GetInt64(0),
        WebhookId = reader.GetString(1),
        Token = reader.GetString(2),
        ChannelId = ReadString(reader, 3),
        GuildId = ReadString(reader, 4),
        ThreadId = ReadString(reader, 5),
        IsForum = reader.GetInt64(6) != 0,
        Name = ReadString(reader, 7),
    };
}
