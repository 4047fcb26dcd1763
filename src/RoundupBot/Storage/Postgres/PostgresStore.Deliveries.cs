using System.Globalization;
using Npgsql;
using NpgsqlTypes;
using RoundupBot.Model;

namespace RoundupBot.Storage.Postgres;

public sealed partial class PostgresStore
{
    private const string DeliveryColumns = "id, digest_number, channel, subscriber_id, status, attempts, next_attempt_at, created_at, sent_at, last_error";

    private const string InterruptedReason =
        "The publisher stopped after handing this message over in full but before the server's answer was recorded; " +
        "it is not sent again, because the server most likely has it.";

    private static async Task QueueDeliveriesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, int digestNumber, IReadOnlyCollection<DeliveryChannel> channels, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        foreach (var channel in channels.Distinct())
        {
            var subscribers = channel switch
            {
                DeliveryChannel.Email => "SELECT id FROM subscribers WHERE status = 'confirmed' AND channel = 'email'",
                DeliveryChannel.Discord => "SELECT id FROM subscribers WHERE status = 'confirmed' AND channel = 'discord'",
                _ => throw new NotSupportedException($"Queueing {channel} deliveries is not supported by this store yet."),
            };
            await ExecuteAsync(connection, transaction, $"""
                INSERT INTO deliveries (digest_number, channel, subscriber_id, status, created_at)
                SELECT @number, @channel, s.id, 'pending', @now FROM ({subscribers}) AS s ORDER BY s.id
                ON CONFLICT (digest_number, channel, subscriber_id) DO NOTHING
                """, c =>
            {
                c.Parameters.AddInt("number", digestNumber);
                c.Parameters.AddText("channel", ChannelText(channel));
                c.Parameters.AddTime("now", now);
            }, cancellationToken);
        }
    }

    /// <inheritdoc />
    /// <remarks>Safe to run on several instances at once: each stale delivery is freed by one of them, and a delivery
    /// claimed again meanwhile (no longer stale) is left alone.</remarks>
    public Task<(int Requeued, int Interrupted)> RecoverDeliveriesAsync(DateTimeOffset now, Func<string, bool> isClaimantGone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(isClaimantGone);
        return InTransactionAsync("recovering deliveries", async (connection, transaction) =>
        {
            var claimants = new List<string>();
            await using (var select = Command(connection, transaction, "SELECT DISTINCT claimed_by FROM deliveries WHERE status = 'sending' AND claimed_by IS NOT NULL"))
            await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    claimants.Add(reader.GetString(0));
                }
            }

            var gone = claimants.Where(isClaimantGone).ToArray();
            const string Stale = "status = 'sending' AND (claimed_until < @now OR claimed_by = ANY(@gone))";
            void Bind(NpgsqlCommand c)
            {
                c.Parameters.AddTime("now", now);
                c.Parameters.AddArray("gone", NpgsqlDbType.Text, gone);
            }

            var requeued = await ExecuteAsync(connection, transaction, $"""
                UPDATE deliveries SET status = 'pending', claimed_by = NULL, claimed_until = NULL
                WHERE {Stale} AND committed_at IS NULL
                """, Bind, cancellationToken);
            var interrupted = await ExecuteAsync(connection, transaction, $"""
                UPDATE deliveries SET status = 'interrupted', claimed_by = NULL, claimed_until = NULL, last_error = @reason
                WHERE {Stale} AND committed_at IS NOT NULL
                """, c =>
            {
                Bind(c);
                c.Parameters.AddText("reason", InterruptedReason);
            }, cancellationToken);
            return (requeued, interrupted);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> HasDueDeliveriesAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        RunAsync("looking for due deliveries", async connection =>
        {
            await using var command = Command(connection, null, """
                SELECT EXISTS (SELECT 1 FROM deliveries WHERE status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= @now))
                    OR EXISTS (SELECT 1 FROM deliveries WHERE status = 'sending' AND claimed_until < @now)
                """);
            command.Parameters.AddTime("now", now);
            return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<int> RenewDeliveryClaimsAsync(string claimant, DateTimeOffset until, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(claimant);
        return RunAsync("renewing delivery claims", connection => ExecuteAsync(connection, null,
            "UPDATE deliveries SET claimed_until = @until WHERE status = 'sending' AND claimed_by = @claimant", c =>
            {
                c.Parameters.AddText("claimant", claimant);
                c.Parameters.AddTime("until", until);
            }, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// <c>FOR UPDATE SKIP LOCKED</c>: publishers on several instances each take the oldest delivery nobody else is
    /// taking at that moment, without waiting for one another and without ever taking the same one.
    /// </remarks>
    public Task<Delivery?> ClaimDeliveryAsync(DeliveryChannel channel, string claimant, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(claimant);
        return RunAsync("claiming a delivery", async connection =>
        {
            await using var command = Command(connection, null, $"""
                UPDATE deliveries SET status = 'sending', claimed_by = @claimant, claimed_until = @until, committed_at = NULL,
                    attempts = attempts + 1
                WHERE id = (
                    SELECT id FROM deliveries
                    WHERE channel = @channel AND status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= @now)
                    ORDER BY id LIMIT 1
                    FOR UPDATE SKIP LOCKED)
                RETURNING {DeliveryColumns}
                """);
            command.Parameters.AddText("claimant", claimant);
            command.Parameters.AddTime("until", now + lease);
            command.Parameters.AddText("channel", ChannelText(channel));
            command.Parameters.AddTime("now", now);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? ReadDelivery(reader) : null;
        }, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>Synchronous on purpose (see the interface): it uses Npgsql's blocking calls on a pooled connection.</remarks>
    public void MarkDeliveryCommitted(long id, DateTimeOffset now)
    {
        using var connection = Open();
        try
        {
            using var command = Command(connection, null, "UPDATE deliveries SET committed_at = @now WHERE id = @id AND status = 'sending'");
            command.Parameters.AddLong("id", id);
            command.Parameters.AddTime("now", now);
            command.ExecuteNonQuery();
        }
        catch (NpgsqlException ex)
        {
            throw Failed("recording a handed-over delivery", ex);
        }
    }

    /// <inheritdoc />
    public Task CompleteDeliveryAsync(long id, DeliveryOutcome outcome, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Status == DeliveryStatus.Sending)
        {
            throw new ArgumentException("A delivery cannot be completed as still sending.", nameof(outcome));
        }

        return InTransactionAsync("completing a delivery", async (connection, transaction) =>
        {
            long subscriberId;
            string channel;
            await using (var update = Command(connection, transaction, """
                UPDATE deliveries SET status = @status, last_error = @error, next_attempt_at = @next,
                    sent_at = CASE WHEN @status = 'sent' THEN @now ELSE sent_at END,
                    claimed_by = NULL, claimed_until = NULL, committed_at = NULL
                WHERE id = @id
                RETURNING subscriber_id, channel
                """))
            {
                update.Parameters.AddLong("id", id);
                update.Parameters.AddText("status", DeliveryStatusText(outcome.Status));
                update.Parameters.AddText("error", outcome.Error);
                update.Parameters.AddTime("next", outcome.Status == DeliveryStatus.Pending ? outcome.NextAttemptAt : null);
                update.Parameters.AddTime("now", now);
                await using var reader = await update.ExecuteReaderAsync(cancellationToken);
                if (!await reader.ReadAsync(cancellationToken))
                {
                    throw new StoreException($"Delivery {id} does not exist.");
                }

                subscriberId = reader.GetInt64(0);
                channel = reader.GetString(1);
            }

            if (outcome.RetireReason is { } reason)
            {
                await ExecuteAsync(connection, transaction, """
                    UPDATE subscribers SET status = 'unsubscribed', unsubscribed_at = @now, last_error = @error WHERE id = @id
                    """, c =>
                {
                    c.Parameters.AddLong("id", subscriberId);
                    c.Parameters.AddTime("now", now);
                    c.Parameters.AddText("error", reason);
                }, cancellationToken);
            }

            if (channel == ChannelText(DeliveryChannel.Email) && (outcome.Bounce || outcome.Status == DeliveryStatus.Sent))
            {
                await ExecuteAsync(connection, transaction, outcome.Bounce
                    ? """
                      UPDATE subscribers SET bounces = bounces + 1, last_error = @error,
                          status = CASE WHEN bounces + 1 >= @limit AND status = 'confirmed' THEN 'paused' ELSE status END
                      WHERE id = @id
                      """
                    : "UPDATE subscribers SET bounces = 0, last_error = NULL WHERE id = @id AND bounces > 0", c =>
                {
                    c.Parameters.AddLong("id", subscriberId);
                    if (outcome.Bounce)
                    {
                        c.Parameters.AddText("error", outcome.Error);
                        c.Parameters.AddInt("limit", Subscriber.BouncesBeforePause);
                    }
                }, cancellationToken);
            }

            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<DeliveryTotals>> ListDeliveryTotalsAsync(CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<DeliveryTotals>>("reading delivery totals", async connection =>
        {
            await using var command = Command(connection, null, """
                SELECT digest_number, channel, status, COUNT(*)::integer FROM deliveries
                GROUP BY digest_number, channel, status ORDER BY digest_number DESC, channel
                """);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var totals = new List<(int Number, DeliveryChannel Channel, Dictionary<DeliveryStatus, int> Counts)>();
            while (await reader.ReadAsync(cancellationToken))
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
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Delivery>> ListDeliveriesAsync(int digestNumber, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<Delivery>>("reading deliveries", async connection =>
        {
            await using var command = Command(connection, null, $"SELECT {DeliveryColumns} FROM deliveries WHERE digest_number = @number ORDER BY id");
            command.Parameters.AddInt("number", digestNumber);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var deliveries = new List<Delivery>();
            while (await reader.ReadAsync(cancellationToken))
            {
                deliveries.Add(ReadDelivery(reader));
            }

            return deliveries;
        }, cancellationToken);

    private static Delivery ReadDelivery(NpgsqlDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        DigestNumber = reader.GetInt32(1),
        Channel = ParseChannel(reader.GetString(2)),
        SubscriberId = reader.GetInt64(3),
        Status = ParseDeliveryStatus(reader.GetString(4)),
        Attempts = reader.GetInt32(5),
        NextAttemptAt = reader.ReadNullableTime(6),
        CreatedAt = reader.ReadTime(7),
        SentAt = reader.ReadNullableTime(8),
        LastError = reader.ReadNullableString(9),
    };

    private static string ChannelText(DeliveryChannel channel) => channel.ToString().ToLower(CultureInfo.InvariantCulture);

    private static DeliveryChannel ParseChannel(string text) => Enum.Parse<DeliveryChannel>(text, ignoreCase: true);

    private static string DeliveryStatusText(DeliveryStatus status) => status.ToString().ToLower(CultureInfo.InvariantCulture);

    private static DeliveryStatus ParseDeliveryStatus(string text) => Enum.Parse<DeliveryStatus>(text, ignoreCase: true);
}
