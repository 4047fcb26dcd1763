using RoundupBot.Model;

namespace RoundupBot.Storage;

public abstract partial class SqlStore
{
    /// <inheritdoc />
    /// <remarks>Two instances archiving the same number at once: one wins, the other gets the conflict and queues nothing.</remarks>
    public Task SaveDigestAsync(Digest digest, DateTimeOffset publishedAt, IReadOnlyCollection<DeliveryChannel> channels, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(channels);
        var frozen = Frozen(digest);
        return _executor.WriteAsync("archiving an issue", session => ArchiveAsync(session, frozen, publishedAt, channels, cancellationToken), cancellationToken);
    }

    private static Digest Frozen(Digest digest) => digest.ContentHash is null ? digest with { ContentHash = DigestJson.ContentHash(digest) } : digest;

    /// <summary>Inserts the issue and queues its deliveries, inside the caller's transaction (an issue, or an approved draft).</summary>
    private async Task ArchiveAsync(SqlSession session, Digest frozen, DateTimeOffset publishedAt, IReadOnlyCollection<DeliveryChannel> channels, CancellationToken cancellationToken)
    {
        try
        {
            await session.ExecuteAsync("""
                INSERT INTO digests (number, title, period_start, period_end, published_at, sections, content_hash, json)
                VALUES (@number, @title, @periodStart, @periodEnd, @publishedAt, @sections, @hash, @json)
                """, a => a
                .Int("number", frozen.Number)
                .Text("title", frozen.Title)
                .Time("periodStart", frozen.PeriodStart)
                .Time("periodEnd", frozen.PeriodEnd)
                .Time("publishedAt", publishedAt)
                .Int("sections", frozen.Sections.Count)
                .Text("hash", frozen.ContentHash)
                .Text("json", DigestJson.Serialize(frozen)), cancellationToken);
        }
        catch (System.Data.Common.DbException ex) when (Dialect.IsUniqueViolation(ex))
        {
            throw new StoreException($"Issue #{frozen.Number} is already in the archive; digest numbers are never reused.", ex) { Conflict = true };
        }

        await QueueDeliveriesAsync(session, frozen.Number, channels, publishedAt, cancellationToken);
    }

    /// <inheritdoc />
    public Task<Digest?> GetDigestAsync(int number, CancellationToken cancellationToken) =>
        ReadDigestAsync("SELECT json FROM digests WHERE number = @number", a => a.Int("number", number), cancellationToken);

    /// <inheritdoc />
    public Task<Digest?> GetLatestDigestAsync(CancellationToken cancellationToken) =>
        ReadDigestAsync("SELECT json FROM digests ORDER BY number DESC LIMIT 1", null, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<DigestSummary>> ListDigestsAsync(CancellationToken cancellationToken) =>
        await _executor.ReadAsync("reading the archive", session => session.QueryAsync(
            "SELECT number, title, period_start, period_end, published_at, sections, content_hash FROM digests ORDER BY number DESC", null,
            r => new DigestSummary(r.Int(0), r.Text(1), r.Time(2), r.Time(3), r.Time(4), r.Int(5), r.Text(6)), cancellationToken), cancellationToken);

    private async Task<Digest?> ReadDigestAsync(string sql, Action<SqlArgs>? bind, CancellationToken cancellationToken) =>
        await _executor.ReadAsync("reading the archive", session => session.ScalarAsync(sql, bind, cancellationToken), cancellationToken) is string json
            ? DigestJson.Deserialize(json)
            : null;
}
