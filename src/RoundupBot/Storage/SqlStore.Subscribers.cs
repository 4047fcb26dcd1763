using RoundupBot.Model;

namespace RoundupBot.Storage;

public abstract partial class SqlStore
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
        var key = AddressKey(address);
        return _executor.WriteAsync("subscribing an address", async session =>
        {
            void ByKey(SqlArgs a) => a.Text("key", key);
            var lookup = $"SELECT {SubscriberColumns} FROM subscribers WHERE address_key = @key AND channel = 'email'{Dialect.ForUpdate}";
            var existing = await ReadSubscribersAsync(session, lookup, ByKey, cancellationToken);
            var changed = false;
            if (existing.Count == 0)
            {
                changed = await session.ExecuteAsync("""
                    INSERT INTO subscribers (email, address_key, status, created_at, confirmed_at, channel) VALUES (@email, @key, @status, @now, @confirmedAt, 'email')
                    ON CONFLICT (address_key) DO NOTHING
                    """, a => a
                    .Text("email", address)
                    .Text("key", key)
                    .Text("status", Text(status))
                    .Time("now", now)
                    .Time("confirmedAt", status == SubscriberStatus.Confirmed ? now : null), cancellationToken) > 0;
                if (!changed)
                {
                    // Another instance stored this address between our lookup and our insert; it is the existing row.
                    existing = await ReadSubscribersAsync(session, lookup, ByKey, cancellationToken);
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
                await session.ExecuteAsync("""
                    UPDATE subscribers SET status = @status, confirmed_at = @confirmedAt, unsubscribed_at = NULL, bounces = 0, last_error = NULL
                    WHERE id = @id
                    """, a => a
                    .Long("id", existing[0].Id)
                    .Text("status", Text(status))
                    .Time("confirmedAt", status == SubscriberStatus.Confirmed ? now : null), cancellationToken);
                changed = true;
            }

            var subscriber = (await ReadSubscribersAsync(session, $"SELECT {SubscriberColumns} FROM subscribers WHERE address_key = @key AND channel = 'email'", ByKey, cancellationToken))[0];
            return (subscriber, changed);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<Subscriber?> GetSubscriberAsync(long id, CancellationToken cancellationToken) =>
        FindOneSubscriberAsync($"SELECT {SubscriberColumns} FROM subscribers WHERE id = @id", a => a.Long("id", id), cancellationToken);

    /// <inheritdoc />
    public Task<Subscriber?> FindSubscriberAsync(string email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        return FindOneSubscriberAsync($"SELECT {SubscriberColumns} FROM subscribers WHERE address_key = @key AND channel = 'email'",
            a => a.Text("key", AddressKey(email.Trim())), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Subscriber>> ListSubscribersAsync(CancellationToken cancellationToken) =>
        await _executor.ReadAsync("reading subscribers", session =>
            ReadSubscribersAsync(session, $"SELECT {SubscriberColumns} FROM subscribers ORDER BY id", null, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public async Task<bool> SetSubscriberStatusAsync(long id, SubscriberStatus status, DateTimeOffset now, CancellationToken cancellationToken) =>
        await _executor.WriteAsync("changing a subscriber's status", session => session.ExecuteAsync("""
            UPDATE subscribers SET status = @status,
                confirmed_at = CASE WHEN @status = 'confirmed' THEN COALESCE(confirmed_at, @now) ELSE confirmed_at END,
                unsubscribed_at = CASE WHEN @status = 'unsubscribed' THEN @now ELSE NULL END
            WHERE id = @id
            """, a => a.Long("id", id).Text("status", Text(status)).Time("now", now), cancellationToken), cancellationToken, atomic: false) > 0;

    /// <inheritdoc />
    public Task<bool> RemoveSubscriberAsync(long id, CancellationToken cancellationToken) =>
        _executor.WriteAsync("removing a subscriber", async session =>
        {
            // Their deliveries go with them: SQLite may give a freed id to the next subscriber, who must not inherit
            // (and be sent) someone else's queued issues.
            await session.ExecuteAsync("DELETE FROM deliveries WHERE subscriber_id = @id", a => a.Long("id", id), cancellationToken);
            return await session.ExecuteAsync("DELETE FROM subscribers WHERE id = @id", a => a.Long("id", id), cancellationToken) > 0;
        }, cancellationToken);

    private static string AddressKey(string address) => address.ToLowerInvariant();

    private async Task<Subscriber?> FindOneSubscriberAsync(string sql, Action<SqlArgs> bind, CancellationToken cancellationToken) =>
        (await _executor.ReadAsync("reading a subscriber", session => ReadSubscribersAsync(session, sql, bind, cancellationToken), cancellationToken))
        .FirstOrDefault();

    private static Task<List<Subscriber>> ReadSubscribersAsync(SqlSession session, string sql, Action<SqlArgs>? bind, CancellationToken cancellationToken) =>
        session.QueryAsync(sql, bind, r => new Subscriber
        {
            Id = r.Long(0),
            Address = r.Text(1),
            Status = Parse<SubscriberStatus>(r.Text(2)),
            CreatedAt = r.Time(3),
            ConfirmedAt = r.TimeOrNull(4),
            UnsubscribedAt = r.TimeOrNull(5),
            Bounces = r.Int(6),
            LastError = r.TextOrNull(7),
            Channel = Parse<DeliveryChannel>(r.Text(8)),
        }, cancellationToken);
}
