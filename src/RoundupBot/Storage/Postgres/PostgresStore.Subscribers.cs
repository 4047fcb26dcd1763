using Npgsql;
using RoundupBot.Model;

namespace RoundupBot.Storage.Postgres;

public sealed partial class PostgresStore
{
    // The column "email" holds every subscriber's address; for Discord, its label (see migration 7).
    private const string SubscriberColumns = "id, email, status, created_at, confirmed_at, unsubscribed_at, bounces, last_error, channel";

    /// <inheritdoc />
    /// <remarks>
    /// Two instances subscribing the same address at once: the unique address key lets one insert, and the other
    /// (its <c>ON CONFLICT DO NOTHING</c> having waited for the first) reads that row and decides as if it came second.
    /// </remarks>
    public Task<(Subscriber Subscriber, bool Changed)> SubscribeAsync(string email, SubscriberStatus status, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        var address = email.Trim();
        var key = Key(address);
        return InTransactionAsync("subscribing an address", async (connection, transaction) =>
        {
            void ByKey(NpgsqlCommand c) => c.Parameters.AddText("key", key);
            var changed = false;
            var existing = await ReadSubscribersAsync(connection, transaction, $"SELECT {SubscriberColumns} FROM subscribers WHERE address_key = @key AND channel = 'email' FOR UPDATE", ByKey, cancellationToken);
            if (existing.Count == 0)
            {
                var inserted = await ExecuteAsync(connection, transaction, """
                    INSERT INTO subscribers (email, address_key, status, created_at, confirmed_at, channel) VALUES (@email, @key, @status, @now, @confirmedAt, 'email')
                    ON CONFLICT (address_key) DO NOTHING
                    """, c =>
                {
                    c.Parameters.AddText("email", address);
                    ByKey(c);
                    c.Parameters.AddText("status", StatusText(status));
                    c.Parameters.AddTime("now", now);
                    c.Parameters.AddTime("confirmedAt", status == SubscriberStatus.Confirmed ? now : null);
                }, cancellationToken);
                changed = inserted > 0;
                if (!changed)
                {
                    // Another instance stored this address between our lookup and our insert; it is the existing row.
                    existing = await ReadSubscribersAsync(connection, transaction, $"SELECT {SubscriberColumns} FROM subscribers WHERE address_key = @key AND channel = 'email' FOR UPDATE", ByKey, cancellationToken);
                    if (existing.Count == 0)
                    {
                        // The key belongs to a subscriber of another channel (a Discord key has no '@', so only a malformed address gets here).
                        throw new StoreException($"Cannot subscribe '{address}': that key belongs to a subscriber of another channel.") { Conflict = true };
                    }
                }
            }

            if (!changed && (existing[0].Status is SubscriberStatus.Unsubscribed
                || (existing[0].Status is SubscriberStatus.Pending && status is SubscriberStatus.Confirmed)))
            {
                // Coming back (or the admin vouching for a pending address) starts afresh: no old bounces count.
                await ExecuteAsync(connection, transaction, """
                    UPDATE subscribers SET status = @status, confirmed_at = @confirmedAt, unsubscribed_at = NULL, bounces = 0, last_error = NULL
                    WHERE id = @id
                    """, c =>
                {
                    c.Parameters.AddLong("id", existing[0].Id);
                    c.Parameters.AddText("status", StatusText(status));
                    c.Parameters.AddTime("confirmedAt", status == SubscriberStatus.Confirmed ? now : null);
                }, cancellationToken);
                changed = true;
            }

            var subscriber = (await ReadSubscribersAsync(connection, transaction, $"SELECT {SubscriberColumns} FROM subscribers WHERE address_key = @key AND channel = 'email'", ByKey, cancellationToken))[0];
            return (subscriber, changed);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<Subscriber?> GetSubscriberAsync(long id, CancellationToken cancellationToken) =>
        (await RunAsync("reading a subscriber", connection => ReadSubscribersAsync(connection, null,
            $"SELECT {SubscriberColumns} FROM subscribers WHERE id = @id", c => c.Parameters.AddLong("id", id), cancellationToken), cancellationToken))
        .FirstOrDefault();

    /// <inheritdoc />
    public async Task<Subscriber?> FindSubscriberAsync(string email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        return (await RunAsync("reading a subscriber", connection => ReadSubscribersAsync(connection, null,
            $"SELECT {SubscriberColumns} FROM subscribers WHERE address_key = @key AND channel = 'email'", c => c.Parameters.AddText("key", Key(email.Trim())), cancellationToken), cancellationToken))
            .FirstOrDefault();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Subscriber>> ListSubscribersAsync(CancellationToken cancellationToken) =>
        await RunAsync("reading subscribers", connection => ReadSubscribersAsync(connection, null,
            $"SELECT {SubscriberColumns} FROM subscribers ORDER BY id", null, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public async Task<bool> SetSubscriberStatusAsync(long id, SubscriberStatus status, DateTimeOffset now, CancellationToken cancellationToken) =>
        await RunAsync("changing a subscriber's status", connection => ExecuteAsync(connection, null, """
            UPDATE subscribers SET status = @status,
                confirmed_at = CASE WHEN @status = 'confirmed' THEN COALESCE(confirmed_at, @now) ELSE confirmed_at END,
                unsubscribed_at = CASE WHEN @status = 'unsubscribed' THEN @now ELSE NULL END
            WHERE id = @id
            """, c =>
        {
            c.Parameters.AddLong("id", id);
            c.Parameters.AddText("status", StatusText(status));
            c.Parameters.AddTime("now", now);
        }, cancellationToken), cancellationToken) > 0;

    /// <inheritdoc />
    public Task<bool> RemoveSubscriberAsync(long id, CancellationToken cancellationToken) =>
        InTransactionAsync("removing a subscriber", async (connection, transaction) =>
        {
            // Their deliveries go with them (as in SQLite, where a freed id can be given to the next subscriber).
            await ExecuteAsync(connection, transaction, "DELETE FROM deliveries WHERE subscriber_id = @id", c => c.Parameters.AddLong("id", id), cancellationToken);
            return await ExecuteAsync(connection, transaction, "DELETE FROM subscribers WHERE id = @id", c => c.Parameters.AddLong("id", id), cancellationToken) > 0;
        }, cancellationToken);

    private static string Key(string address) => address.ToLowerInvariant();

    private static string StatusText(SubscriberStatus status) => status.ToString().ToLowerInvariant();

    private static SubscriberStatus ParseStatus(string text) => Enum.Parse<SubscriberStatus>(text, ignoreCase: true);

    private static async Task<List<Subscriber>> ReadSubscribersAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, Action<NpgsqlCommand>? bind, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql);
        bind?.Invoke(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var subscribers = new List<Subscriber>();
        while (await reader.ReadAsync(cancellationToken))
        {
            subscribers.Add(new Subscriber
            {
                Id = reader.GetInt64(0),
                Address = reader.GetString(1),
                Status = ParseStatus(reader.GetString(2)),
                CreatedAt = reader.ReadTime(3),
                ConfirmedAt = reader.ReadNullableTime(4),
                UnsubscribedAt = reader.ReadNullableTime(5),
                Bounces = reader.GetInt32(6),
                LastError = reader.ReadNullableString(7),
                Channel = ParseChannel(reader.GetString(8)),
            });
        }

        return subscribers;
    }
}
