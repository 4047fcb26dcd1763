using Microsoft.Data.Sqlite;
using RoundupBot.Model;

namespace RoundupBot.Storage.Sqlite;

public sealed partial class SqliteStore
{
    /// <inheritdoc />
    public async Task SaveDigestAsync(Digest digest, DateTimeOffset publishedAt, IReadOnlyCollection<DeliveryChannel> channels, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(channels);
        var frozen = digest.ContentHash is null ? digest with { ContentHash = DigestJson.ContentHash(digest) } : digest;
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var connection = GetWriteConnection();
            using var transaction = connection.BeginTransaction();
            using var command = Command(connection, transaction, """
                INSERT INTO digests (number, title, period_start, period_end, published_at, sections, content_hash, json)
                VALUES ($number, $title, $periodStart, $periodEnd, $publishedAt, $sections, $hash, $json)
                """);
            command.Parameters.AddWithValue("$number", frozen.Number);
            command.Parameters.AddWithValue("$title", frozen.Title);
            command.Parameters.AddWithValue("$periodStart", ToUnixMs(frozen.PeriodStart));
            command.Parameters.AddWithValue("$periodEnd", ToUnixMs(frozen.PeriodEnd));
            command.Parameters.AddWithValue("$publishedAt", ToUnixMs(publishedAt));
            command.Parameters.AddWithValue("$sections", frozen.Sections.Count);
            command.Parameters.AddWithValue("$hash", frozen.ContentHash);
            command.Parameters.AddWithValue("$json", DigestJson.Serialize(frozen));
            try
            {
                command.ExecuteNonQuery();
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == 19)
            {
                throw new StoreException($"Issue #{frozen.Number} is already in the archive; digest numbers are never reused.", ex) { Conflict = true };
            }

            QueueDeliveries(connection, transaction, frozen.Number, channels, publishedAt);
            transaction.Commit();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public async Task<Digest?> GetDigestAsync(int number, CancellationToken cancellationToken)
    {
        var json = await ScalarTextAsync("SELECT json FROM digests WHERE number = $number", c => c.Parameters.AddWithValue("$number", number), cancellationToken);
        return json is null ? null : DigestJson.Deserialize(json);
    }

    /// <inheritdoc />
    public async Task<Digest?> GetLatestDigestAsync(CancellationToken cancellationToken)
    {
        var json = await ScalarTextAsync("SELECT json FROM digests ORDER BY number DESC LIMIT 1", null, cancellationToken);
        return json is null ? null : DigestJson.Deserialize(json);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DigestSummary>> ListDigestsAsync(CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT number, title, period_start, period_end, published_at, sections, content_hash FROM digests ORDER BY number DESC";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var digests = new List<DigestSummary>();
        while (await reader.ReadAsync(cancellationToken))
        {
            digests.Add(new DigestSummary(
                reader.GetInt32(0),
                reader.GetString(1),
                FromUnixMs(reader.GetInt64(2)),
                FromUnixMs(reader.GetInt64(3)),
                FromUnixMs(reader.GetInt64(4)),
                reader.GetInt32(5),
                reader.GetString(6)));
        }

        return digests;
    }

    private async Task<string?> ScalarTextAsync(string sql, Action<SqliteCommand>? bind, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind?.Invoke(command);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }
}
