using Npgsql;
using RoundupBot.Model;

namespace RoundupBot.Storage.Postgres;

public sealed partial class PostgresStore
{
    /// <inheritdoc />
    /// <remarks>Two instances archiving the same number at once: one wins, the other gets the conflict and queues nothing.</remarks>
    public Task SaveDigestAsync(Digest digest, DateTimeOffset publishedAt, IReadOnlyCollection<DeliveryChannel> channels, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(channels);
        var frozen = digest.ContentHash is null ? digest with { ContentHash = DigestJson.ContentHash(digest) } : digest;
        return InTransactionAsync("archiving an issue", async (connection, transaction) =>
        {
            await using (var command = Command(connection, transaction, """
                INSERT INTO digests (number, title, period_start, period_end, published_at, sections, content_hash, json)
                VALUES (@number, @title, @periodStart, @periodEnd, @publishedAt, @sections, @hash, @json)
                """))
            {
                command.Parameters.AddInt("number", frozen.Number);
                command.Parameters.AddText("title", frozen.Title);
                command.Parameters.AddTime("periodStart", frozen.PeriodStart);
                command.Parameters.AddTime("periodEnd", frozen.PeriodEnd);
                command.Parameters.AddTime("publishedAt", publishedAt);
                command.Parameters.AddInt("sections", frozen.Sections.Count);
                command.Parameters.AddText("hash", frozen.ContentHash);
                command.Parameters.AddText("json", DigestJson.Serialize(frozen));
                try
                {
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }
                catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
                {
                    throw new StoreException($"Issue #{frozen.Number} is already in the archive; digest numbers are never reused.", ex) { Conflict = true };
                }
            }

            await QueueDeliveriesAsync(connection, transaction, frozen.Number, channels, publishedAt, cancellationToken);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<Digest?> GetDigestAsync(int number, CancellationToken cancellationToken)
    {
        var json = await ScalarTextAsync("SELECT json FROM digests WHERE number = @number", c => c.Parameters.AddInt("number", number), cancellationToken);
        return json is null ? null : DigestJson.Deserialize(json);
    }

    /// <inheritdoc />
    public async Task<Digest?> GetLatestDigestAsync(CancellationToken cancellationToken)
    {
        var json = await ScalarTextAsync("SELECT json FROM digests ORDER BY number DESC LIMIT 1", null, cancellationToken);
        return json is null ? null : DigestJson.Deserialize(json);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<DigestSummary>> ListDigestsAsync(CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<DigestSummary>>("reading the archive", async connection =>
        {
            await using var command = Command(connection, null,
                "SELECT number, title, period_start, period_end, published_at, sections, content_hash FROM digests ORDER BY number DESC");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var digests = new List<DigestSummary>();
            while (await reader.ReadAsync(cancellationToken))
            {
                digests.Add(new DigestSummary(
                    reader.GetInt32(0),
                    reader.GetString(1),
                    reader.ReadTime(2),
                    reader.ReadTime(3),
                    reader.ReadTime(4),
                    reader.GetInt32(5),
                    reader.GetString(6)));
            }

            return digests;
        }, cancellationToken);

    private Task<string?> ScalarTextAsync(string sql, Action<NpgsqlCommand>? bind, CancellationToken cancellationToken) =>
        RunAsync("reading the archive", async connection =>
        {
            await using var command = Command(connection, null, sql);
            bind?.Invoke(command);
            return await command.ExecuteScalarAsync(cancellationToken) as string;
        }, cancellationToken);
}
