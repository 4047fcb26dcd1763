using Microsoft.Data.Sqlite;
using RoundupBot.Model;

namespace RoundupBot.Storage.Sqlite;

public sealed partial class SqliteStore
{
    // The column "email" holds every subscriber's address; for Discord, its label (see migration 7).
    private const string SubscriberColumns = "id, email, status, created_at, confirmed_at, unsubscribed_at, bounces, last_error, channel";

    /// <inheritdoc />
    public async Task<(Subscriber Subscriber, bool Changed)> SubscribeAsync(string email, SubscriberStatus status, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        var address = email.Trim();
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var connection = GetWriteConnection();
            using var transaction = connection.BeginTransaction();
            var existing = ReadSubscribers(connection, transaction, $"SELECT {SubscriberColumns} FROM subscribers WHERE address_key = $key AND channel = 'email'", c => c.Parameters.AddWithValue("$key", Key(address)));
            bool changed;
            if (existing.Count == 0)
            {
                using var insert = Command(connection, transaction, """
                    INSERT INTO subscribers (email, address_key, status, created_at, confirmed_at, channel) VALUES ($email, $key, $status, $now, $confirmedAt, 'email')
                    """);
                insert.Parameters.AddWithValue("$email", address);
                insert.Parameters.AddWithValue("$key", Key(address));
                insert.Parameters.AddWithValue("$status", StatusText(status));
                insert.Parameters.AddWithValue("$now", ToUnixMs(now));
                insert.Parameters.AddWithValue("$confirmedAt", status == SubscriberStatus.Confirmed ? ToUnixMs(now) : DBNull.Value);
                insert.ExecuteNonQuery();
                changed = true;
            }
            else if (existing[0].Status is SubscriberStatus.Unsubscribed
                || (existing[0].Status is SubscriberStatus.Pending && status is SubscriberStatus.Confirmed))
            {
                // Coming back (or the admin vouching for a pending address) starts afresh: no old bounces count.
                using var update = Command(connection, transaction, """
                    UPDATE subscribers SET status = $status, confirmed_at = $confirmedAt, unsubscribed_at = NULL, bounces = 0, last_error = NULL
                    WHERE id = $id
                    """);
                update.Parameters.AddWithValue("$id", existing[0].Id);
                update.Parameters.AddWithValue("$status", StatusText(status));
                update.Parameters.AddWithValue("$confirmedAt", status == SubscriberStatus.Confirmed ? ToUnixMs(now) : DBNull.Value);
                update.ExecuteNonQuery();
                changed = true;
            }
            else
            {
                changed = false;
            }

            var subscriber = ReadSubscribers(connection, transaction, $"SELECT {SubscriberColumns} FROM subscribers WHERE address_key = $key AND channel = 'email'", c => c.Parameters.AddWithValue("$key", Key(address)))[0];
            transaction.Commit();
            return (subscriber, changed);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public async Task<Subscriber?> GetSubscriberAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        return ReadSubscribers(connection, null, $"SELECT {SubscriberColumns} FROM subscribers WHERE id = $id", c => c.Parameters.AddWithValue("$id", id)).FirstOrDefault();
    }

    /// <inheritdoc />
    public async Task<Subscriber?> FindSubscriberAsync(string email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        await using var connection = Open();
        return ReadSubscribers(connection, null, $"SELECT {SubscriberColumns} FROM subscribers WHERE address_key = $key AND channel = 'email'", c => c.Parameters.AddWithValue("$key", Key(email.Trim()))).FirstOrDefault();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Subscriber>> ListSubscribersAsync(CancellationToken cancellationToken)
    {
        await using var connection = Open();
        return ReadSubscribers(connection, null, $"SELECT {SubscriberColumns} FROM subscribers ORDER BY id", null);
    }

    /// <inheritdoc />
    public async Task<bool> SetSubscriberStatusAsync(long id, SubscriberStatus status, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            using var command = GetWriteConnection().CreateCommand();
            command.CommandText = """
                UPDATE subscribers SET status = $status,
                    confirmed_at = CASE WHEN $status = 'confirmed' THEN COALESCE(confirmed_at, $now) ELSE confirmed_at END,
                    unsubscribed_at = CASE WHEN $status = 'unsubscribed' THEN $now ELSE NULL END
                WHERE id = $id
                """;
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$status", StatusText(status));
            command.Parameters.AddWithValue("$now", ToUnixMs(now));
            return command.ExecuteNonQuery() > 0;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public async Task<bool> RemoveSubscriberAsync(long id, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var connection = GetWriteConnection();
            using var transaction = connection.BeginTransaction();
            // Their deliveries go with them: SQLite may give a freed id to the next subscriber, who must not inherit
            // (and be sent) someone else's queued issues.
            using (var deliveries = Command(connection, transaction, "DELETE FROM deliveries WHERE subscriber_id = $id"))
            {
                deliveries.Parameters.AddWithValue("$id", id);
                deliveries.ExecuteNonQuery();
            }

            using var command = Command(connection, transaction, "DELETE FROM subscribers WHERE id = $id");
            command.Parameters.AddWithValue("$id", id);
            var removed = command.ExecuteNonQuery() > 0;
            transaction.Commit();
            return removed;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static string Key(string address) => address.ToLowerInvariant();

    private static string StatusText(SubscriberStatus status) => status.ToString().ToLowerInvariant();

    private static SubscriberStatus ParseStatus(string text) => Enum.Parse<SubscriberStatus>(text, ignoreCase: true);

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static List<Subscriber> ReadSubscribers(SqliteConnection connection, SqliteTransaction? transaction, string sql, Action<SqliteCommand>? bind)
    {
        using var command = Command(connection, transaction, sql);
        bind?.Invoke(command);
        using var reader = command.ExecuteReader();
        var subscribers = new List<Subscriber>();
        while (reader.Read())
        {
            subscribers.Add(new Subscriber
            {
                Id = reader.GetInt64(0),
                Address = reader.GetString(1),
                Status = ParseStatus(reader.GetString(2)),
                CreatedAt = FromUnixMs(reader.GetInt64(3)),
                ConfirmedAt = ReadTime(reader, 4),
                UnsubscribedAt = ReadTime(reader, 5),
                Bounces = reader.GetInt32(6),
                LastError = ReadString(reader, 7),
                Channel = ParseChannel(reader.GetString(8)),
            });
        }

        return subscribers;
    }
}
