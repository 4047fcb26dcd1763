using RoundupBot.Model;

namespace RoundupBot.Storage;

public abstract partial class SqlStore
{
    private const string DeliveryColumns = "id, digest_number, channel, subscriber_id, status, attempts, next_attempt_at, created_at, sent_at, last_error";

    private const string InterruptedReason =
        "The publisher stopped after handing this message over in full but before the server's answer was recorded; " +
        "it is not sent again, because the server most likely has it.";


    private static Task QueueDeliveriesAsync(
        SqlSession session, int digestNumber, IReadOnlyCollection<DeliveryChannel> channels, DateTimeOffset now, CancellationToken cancellationToken) =>
        session.ExecuteEachAsync("""
            INSERT INTO deliveries (digest_number, channel, subscriber_id, status, created_at)
            SELECT @number, @channel, id, 'pending', @now FROM subscribers WHERE status = 'confirmed' AND channel = @channel ORDER BY id
            ON CONFLICT (digest_number, channel, subscriber_id) DO NOTHING
            """, channels.Distinct().ToList(), (a, channel) => a.Int("number", digestNumber).Text("channel", Text(channel)).Time("now", now),
            cancellationToken);

    /// <inheritdoc />
    /// <remarks>Safe to run on several instances at once: each stale delivery is freed by one of them, and a delivery
    /// claimed again meanwhile (no longer stale) is left alone.</remarks>
    public Task<(int Requeued, int Interrupted)> RecoverDeliveriesAsync(DateTimeOffset now, Func<string, bool> isClaimantGone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(isClaimantGone);
        return _executor.WriteAsync("recovering deliveries", async session =>
        {
            var claimants = await session.QueryAsync(
                "SELECT DISTINCT claimed_by FROM deliveries WHERE status = 'sending' AND claimed_by IS NOT NULL", null, r => r.Text(0), cancellationToken);
            var gone = claimants.Where(isClaimantGone).ToArray();
            // A claim whose publisher died: its lease ran out, or its claimant is known to be gone.
            var stale = $"status = 'sending' AND (claimed_until < @now OR claimed_by {Dialect.InList("@gone")})";
            var requeued = await session.ExecuteAsync($"""
                UPDATE deliveries SET status = 'pending', claimed_by = NULL, claimed_until = NULL
                WHERE {stale} AND committed_at IS NULL
                """, a => a.Time("now", now).Texts("gone", gone), cancellationToken);
            var interrupted = await session.ExecuteAsync($"""
                UPDATE deliveries SET status = 'interrupted', claimed_by = NULL, claimed_until = NULL, last_error = @reason
                WHERE {stale} AND committed_at IS NOT NULL
                """, a => a.Time("now", now).Texts("gone", gone).Text("reason", InterruptedReason), cancellationToken);
            return (requeued, interrupted);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> HasDueDeliveriesAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        _executor.ReadAsync("looking for due deliveries", async session => await session.ScalarLongAsync("""
            SELECT CASE WHEN EXISTS (SELECT 1 FROM deliveries WHERE status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= @now))
                OR EXISTS (SELECT 1 FROM deliveries WHERE status = 'sending' AND claimed_until < @now) THEN 1 ELSE 0 END
            """, a => a.Time("now", now), cancellationToken) == 1, cancellationToken);

    /// <inheritdoc />
    public Task<int> RenewDeliveryClaimsAsync(string claimant, DateTimeOffset until, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(claimant);
        return _executor.WriteAsync("renewing delivery claims", session => session.ExecuteAsync(
            "UPDATE deliveries SET claimed_until = @until WHERE status = 'sending' AND claimed_by = @claimant",
            a => a.Text("claimant", claimant).Time("until", until), cancellationToken), cancellationToken, atomic: false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// On PostgreSQL, <c>FOR UPDATE SKIP LOCKED</c>: publishers on several instances each take the oldest delivery nobody
    /// else is taking at that moment, without waiting for one another and without ever taking the same one. On SQLite
    /// the single writer makes the select-and-update atomic.
    /// </remarks>
    public async Task<Delivery?> ClaimDeliveryAsync(DeliveryChannel channel, string claimant, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(claimant);
        return (await _executor.WriteAsync("claiming a delivery", session => session.QueryAsync($"""
            UPDATE deliveries SET status = 'sending', claimed_by = @claimant, claimed_until = @until, committed_at = NULL,
                attempts = attempts + 1
            WHERE id = (
                SELECT id FROM deliveries
                WHERE channel = @channel AND status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= @now)
                ORDER BY id LIMIT 1{Dialect.ForUpdateSkipLocked})
            RETURNING {DeliveryColumns}
            """, a => a.Text("claimant", claimant).Time("until", now + lease).Text("channel", Text(channel)).Time("now", now),
            ReadDelivery, cancellationToken), cancellationToken, atomic: false)).FirstOrDefault();
    }

    /// <inheritdoc />
    public void MarkDeliveryCommitted(long id, DateTimeOffset now) =>
        _executor.Write("recording a handed-over delivery", session => session.Execute(
            "UPDATE deliveries SET committed_at = @now WHERE id = @id AND status = 'sending'", a => a.Long("id", id).Time("now", now)));

    /// <inheritdoc />
    public Task CompleteDeliveryAsync(long id, DeliveryOutcome outcome, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Status == DeliveryStatus.Sending)
        {
            throw new ArgumentException("A delivery cannot be completed as still sending.", nameof(outcome));
        }

        return _executor.WriteAsync("completing a delivery", async session =>
        {
            var delivery = await session.QueryAsync("""
                UPDATE deliveries SET status = @status, last_error = @error, next_attempt_at = @next,
                    sent_at = CASE WHEN @status = 'sent' THEN @now ELSE sent_at END,
                    claimed_by = NULL, claimed_until = NULL, committed_at = NULL
                WHERE id = @id
                RETURNING subscriber_id, channel
                """, a => a
                .Long("id", id)
                .Text("status", Text(outcome.Status))
                .Text("error", outcome.Error)
                .Time("next", outcome.Status == DeliveryStatus.Pending ? outcome.NextAttemptAt : null)
                .Time("now", now), r => (SubscriberId: r.Long(0), Channel: Parse<DeliveryChannel>(r.Text(1))), cancellationToken);
            if (delivery.Count == 0)
            {
                throw new StoreException($"Delivery {id} does not exist.");
            }

            var subscriberId = delivery[0].SubscriberId;
            if (outcome.RetireReason is { } reason)
            {
                await session.ExecuteAsync("UPDATE subscribers SET status = 'unsubscribed', unsubscribed_at = @now, last_error = @error WHERE id = @id",
                    a => a.Long("id", subscriberId).Time("now", now).Text("error", reason), cancellationToken);
            }

            // The bounce strikes: each bounce of an email counts one, the BouncesBeforePause-th pauses a confirmed
            // subscriber, and a delivery that went through clears them.
            if (delivery[0].Channel == DeliveryChannel.Email && outcome.Bounce)
            {
                await session.ExecuteAsync("""
                    UPDATE subscribers SET bounces = bounces + 1, last_error = @error,
                        status = CASE WHEN bounces + 1 >= @limit AND status = 'confirmed' THEN 'paused' ELSE status END
                    WHERE id = @id
                    """, a => a.Long("id", subscriberId).Text("error", outcome.Error).Int("limit", Subscriber.BouncesBeforePause), cancellationToken);
            }
            else if (delivery[0].Channel == DeliveryChannel.Email && outcome.Status == DeliveryStatus.Sent)
            {
                await session.ExecuteAsync("UPDATE subscribers SET bounces = 0, last_error = NULL WHERE id = @id AND bounces > 0",
                    a => a.Long("id", subscriberId), cancellationToken);
            }
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<DeliveryTotals>> ListDeliveryTotalsAsync(CancellationToken cancellationToken) =>
        _executor.ReadAsync<IReadOnlyList<DeliveryTotals>>("reading delivery totals", async session =>
        {
            var rows = await session.QueryAsync("""
                SELECT digest_number, channel, status, COUNT(*) FROM deliveries
                GROUP BY digest_number, channel, status ORDER BY digest_number DESC, channel
                """, null, r => (Number: r.Int(0), Channel: Parse<DeliveryChannel>(r.Text(1)), Status: Parse<DeliveryStatus>(r.Text(2)), Count: r.Count(3)),
                cancellationToken);
            return rows
                .GroupBy(r => (r.Number, r.Channel))
                .Select(g => new DeliveryTotals(g.Key.Number, g.Key.Channel, g.ToDictionary(r => r.Status, r => r.Count)))
                .ToList();
        }, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<Delivery>> ListDeliveriesAsync(int digestNumber, CancellationToken cancellationToken) =>
        await _executor.ReadAsync("reading deliveries", session => session.QueryAsync(
            $"SELECT {DeliveryColumns} FROM deliveries WHERE digest_number = @number ORDER BY id", a => a.Int("number", digestNumber),
            ReadDelivery, cancellationToken), cancellationToken);

    private static Delivery ReadDelivery(SqlRow r) => new()
    {
        Id = r.Long(0),
        DigestNumber = r.Int(1),
        Channel = Parse<DeliveryChannel>(r.Text(2)),
        SubscriberId = r.Long(3),
        Status = Parse<DeliveryStatus>(r.Text(4)),
        Attempts = r.Int(5),
        NextAttemptAt = r.TimeOrNull(6),
        CreatedAt = r.Time(7),
        SentAt = r.TimeOrNull(8),
        LastError = r.TextOrNull(9),
    };
}
