using System.Globalization;
using Microsoft.Data.Sqlite;
using RoundupBot.Model;

namespace RoundupBot.Storage.Sqlite;

public sealed partial class SqliteStore
{
    private const string DeliveryColumns = "id, digest_number, channel, subscriber_id, status, attempts, next_attempt_at, created_at, sent_at, last_error";

    private const string InterruptedReason =
        "The publisher stopped after handing this message over in full but before the server's answer was recorded; " +
        "it is not sent again, because the server most likely has it.";

    private static void QueueDeliveries(SqliteConnection connection, SqliteTransaction transaction, int digestNumber, IReadOnlyCollection<DeliveryChannel> channels, DateTimeOffset now)
    {
        foreach (var channel in channels.Distinct())
        {
            var subscribers = channel switch
            {
                DeliveryChannel.Email => "SELECT id FROM subscribers WHERE status = 'confirmed' AND channel = 'email'",
                DeliveryChannel.Discord => "SELECT id FROM subscribers WHERE status = 'confirmed' AND channel = 'discord'",
                _ => throw new NotSupportedException($"Queueing {channel} deliveries is not supported by this store yet."),
            };
            using var insert = Command(connection, transaction, $"""
                INSERT OR IGNORE INTO deliveries (digest_number, channel, subscriber_id, status, created_at)
                SELECT $number, $channel, id, 'pending', $now FROM ({subscribers}) ORDER BY id
                """);
            insert.Parameters.AddWithValue("$number", digestNumber);
            insert.Parameters.AddWithValue("$channel", ChannelText(channel));
            insert.Parameters.AddWithValue("$now", ToUnixMs(now));
            insert.ExecuteNonQuery();
        }
    }

    /// <inheritdoc />
    public async Task<(int Requeued, int Interrupted)> RecoverDeliveriesAsync(DateTimeOffset now, Func<string, bool> isClaimantGone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(isClaimantGone);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var connection = GetWriteConnection();
            using var transaction = connection.BeginTransaction();
            var claimants = new List<string>();
            using (var select = Command(connection, transaction, "SELECT DISTINCT claimed_by FROM deliveries WHERE status = 'sending' AND claimed_by IS NOT NULL"))
            using (var reader = select.ExecuteReader())
            {
                while (reader.Read())
                {
                    claimants.Add(reader.GetString(0));
                }
            }

            var gone = claimants.Where(isClaimantGone).ToList();
            var stale = "status = 'sending' AND (claimed_until < $now OR claimed_by IN (SELECT value FROM json_each($gone)))";
            using var requeue = Command(connection, transaction, $"""
                UPDATE deliveries SET status = 'pending', claimed_by = NULL, claimed_until = NULL
                WHERE {stale} AND committed_at IS NULL
                """);
            requeue.Parameters.AddWithValue("$now", ToUnixMs(now));
            requeue.Parameters.AddWithValue("$gone", ToJson(gone));
            var requeued = requeue.ExecuteNonQuery();
            using var interrupt = Command(connection, transaction, $"""
                UPDATE deliveries SET status = 'interrupted', claimed_by = NULL, claimed_until = NULL, last_error = $reason
                WHERE {stale} AND committed_at IS NOT NULL
                """);
            interrupt.Parameters.AddWithValue("$now", ToUnixMs(now));
            interrupt.Parameters.AddWithValue("$gone", ToJson(gone));
            interrupt.Parameters.AddWithValue("$reason", InterruptedReason);
            var interrupted = interrupt.ExecuteNonQuery();
            transaction.Commit();
            return (requeued, interrupted);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public async Task<bool> HasDueDeliveriesAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            using var command = Command(GetWriteConnection(), null, """
                SELECT EXISTS (SELECT 1 FROM deliveries WHERE status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= $now))
                    OR EXISTS (SELECT 1 FROM deliveries WHERE status = 'sending' AND claimed_until < $now)
                """);
            command.Parameters.AddWithValue("$now", ToUnixMs(now));
            return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 1;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public async Task<int> RenewDeliveryClaimsAsync(string claimant, DateTimeOffset until, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(claimant);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            using var command = Command(GetWriteConnection(), null,
                "UPDATE deliveries SET claimed_until = $until WHERE status = 'sending' AND claimed_by = $claimant");
            command.Parameters.AddWithValue("$claimant", claimant);
            command.Parameters.AddWithValue("$until", ToUnixMs(until));
            return command.ExecuteNonQuery();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public async Task<Delivery?> ClaimDeliveryAsync(DeliveryChannel channel, string claimant, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(claimant);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            // One writer connection under the lock makes the select-and-update atomic; PostgreSQL will use SKIP LOCKED.
            using var command = Command(GetWriteConnection(), null, $"""
                UPDATE deliveries SET status = 'sending', claimed_by = $claimant, claimed_until = $until, committed_at = NULL,
                    attempts = attempts + 1
                WHERE id = (
                    SELECT id FROM deliveries
                    WHERE channel = $channel AND status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= $now)
                    ORDER BY id LIMIT 1)
                RETURNING {DeliveryColumns}
                """);
            command.Parameters.AddWithValue("$claimant", claimant);
            command.Parameters.AddWithValue("$until", ToUnixMs(now + lease));
            command.Parameters.AddWithValue("$channel", ChannelText(channel));
            command.Parameters.AddWithValue("$now", ToUnixMs(now));
            using var reader = command.ExecuteReader();
            return reader.Read() ? ReadDelivery(reader) : null;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public void MarkDeliveryCommitted(long id, DateTimeOffset now)
    {
        _writeLock.Wait();
        try
        {
            using var command = Command(GetWriteConnection(), null, "UPDATE deliveries SET committed_at = $now WHERE id = $id AND status = 'sending'");
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$now", ToUnixMs(now));
            command.ExecuteNonQuery();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public async Task CompleteDeliveryAsync(long id, DeliveryOutcome outcome, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Status == DeliveryStatus.Sending)
        {
            throw new ArgumentException("A delivery cannot be completed as still sending.", nameof(outcome));
        }

        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var connection = GetWriteConnection();
            using var transaction = connection.BeginTransaction();
            long subscriberId;
            string channel;
            using (var update = Command(connection, transaction, """
                UPDATE deliveries SET status = $status, last_error = $error, next_attempt_at = $next,
                    sent_at = CASE WHEN $status = 'sent' THEN $now ELSE sent_at END,
                    claimed_by = NULL, claimed_until = NULL, committed_at = NULL
                WHERE id = $id
                RETURNING subscriber_id, channel
                """))
            {
                update.Parameters.AddWithValue("$id", id);
                update.Parameters.AddWithValue("$status", DeliveryStatusText(outcome.Status));
                update.Parameters.AddWithValue("$error", ToDb(outcome.Error));
                update.Parameters.AddWithValue("$next", ToDb(outcome.Status == DeliveryStatus.Pending ? outcome.NextAttemptAt : null));
                update.Parameters.AddWithValue("$now", ToUnixMs(now));
                using var reader = update.ExecuteReader();
                if (!reader.Read())
                {
                    throw new StoreException($"Delivery {id} does not exist.");
                }

                subscriberId = reader.GetInt64(0);
                channel = reader.GetString(1);
            }

            if (outcome.RetireReason is { } reason)
            {
                using var retire = Command(connection, transaction, """
                    UPDATE subscribers SET status = 'unsubscribed', unsubscribed_at = $now, last_error = $error WHERE id = $id
                    """);
                retire.Parameters.AddWithValue("$id", subscriberId);
                retire.Parameters.AddWithValue("$now", ToUnixMs(now));
                retire.Parameters.AddWithValue("$error", reason);
                retire.ExecuteNonQuery();
            }

            if (channel == ChannelText(DeliveryChannel.Email) && (outcome.Bounce || outcome.Status == DeliveryStatus.Sent))
            {
                using var strike = Command(connection, transaction, outcome.Bounce
                    ? """
                      UPDATE subscribers SET bounces = bounces + 1, last_error = $error,
                          status = CASE WHEN bounces + 1 >= $limit AND status = 'confirmed' THEN 'paused' ELSE status END
                      WHERE id = $id
                      """
                    : "UPDATE subscribers SET bounces = 0, last_error = NULL WHERE id = $id AND bounces > 0");
                strike.Parameters.AddWithValue("$id", subscriberId);
                strike.Parameters.AddWithValue("$error", ToDb(outcome.Error));
                strike.Parameters.AddWithValue("$limit", Subscriber.BouncesBeforePause);
                strike.ExecuteNonQuery();
            }

            transaction.Commit();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DeliveryTotals>> ListDeliveryTotalsAsync(CancellationToken cancellationToken)
    {
        await using var connection = Open();
        using var command = Command(connection, null, """
            SELECT digest_number, channel, status, COUNT(*) FROM deliveries
            GROUP BY digest_number, channel, status ORDER BY digest_number DESC, channel
            """);
        using var reader = command.ExecuteReader();
        var totals = new List<(int Number, DeliveryChannel Channel, Dictionary<DeliveryStatus, int> Counts)>();
        while (reader.Read())
        {
            var number = reader.GetInt32(0);
            var channel = ParseChannel(reader.GetString(1));
            if (totals.Count == 0 || totals[^1].Number != number || totals[^1].Channel != channel)
            {
                totals.Add((number, channel, []));
            }

            totals[^1].Counts[ParseDeliveryStatus(reader.GetString(2))] = reader.GetInt32(3);
        }

        return totals.Select(t => new DeliveryTotals(t.Number, t.Channel, t.Counts)).ToList();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Delivery>> ListDeliveriesAsync(int digestNumber, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        using var command = Command(connection, null, $"SELECT {DeliveryColumns} FROM deliveries WHERE digest_number = $number ORDER BY id");
        command.Parameters.AddWithValue("$number", digestNumber);
        using var reader = command.ExecuteReader();
        var deliveries = new List<Delivery>();
        while (reader.Read())
        {
            deliveries.Add(ReadDelivery(reader));
        }

        return deliveries;
    }

    private static Delivery ReadDelivery(SqliteDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        DigestNumber = reader.GetInt32(1),
        Channel = ParseChannel(reader.GetString(2)),
        SubscriberId = reader.GetInt64(3),
        Status = ParseDeliveryStatus(reader.GetString(4)),
        Attempts = reader.GetInt32(5),
        NextAttemptAt = ReadTime(reader, 6),
        CreatedAt = FromUnixMs(reader.GetInt64(7)),
        SentAt = ReadTime(reader, 8),
        LastError = ReadString(reader, 9),
    };

    private static string ChannelText(DeliveryChannel channel) => channel.ToString().ToLower(CultureInfo.InvariantCulture);

    private static DeliveryChannel ParseChannel(string text) => Enum.Parse<DeliveryChannel>(text, ignoreCase: true);

    private static string DeliveryStatusText(DeliveryStatus status) => status.ToString().ToLower(CultureInfo.InvariantCulture);

    private static DeliveryStatus ParseDeliveryStatus(string text) => Enum.Parse<DeliveryStatus>(text, ignoreCase: true);
}
