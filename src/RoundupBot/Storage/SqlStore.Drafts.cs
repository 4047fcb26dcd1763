using RoundupBot.Model;

namespace RoundupBot.Storage;

public abstract partial class SqlStore
{
    private const string DraftColumns = "version, json, built_at, edited, deadline";

    /// <inheritdoc />
    public Task<Draft?> GetDraftAsync(CancellationToken cancellationToken) =>
        _executor.ReadAsync("reading the draft", session => ReadDraftAsync(session, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public Task<Draft?> SaveDraftAsync(Digest digest, DateTimeOffset builtAt, DateTimeOffset? deadline, int? replacing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(digest);
        return _executor.WriteAsync("storing the draft", async session =>
        {
            var (version, current) = await ReadDraftRowAsync(session, cancellationToken);
            if (replacing is { } expected)
            {
                if (current is null || current.Version != expected)
                {
                    throw new DraftChangedException(expected, current?.Version);
                }
            }
            else if (current is { Edited: true })
            {
                // An editor's work is never thrown away by a build: they discard or rebuild it themselves.
                return null;
            }

            return await WriteDraftAsync(session, version, digest, builtAt, edited: false, deadline, cancellationToken);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<Draft> UpdateDraftAsync(int version, Digest digest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(digest);
        return _executor.WriteAsync("editing the draft", async session =>
        {
            var current = await CurrentDraftAsync(session, version, cancellationToken);
            return (await WriteDraftAsync(session, version, digest, current.BuiltAt, edited: true, current.Deadline, cancellationToken))!;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task DiscardDraftAsync(int version, CancellationToken cancellationToken) =>
        _executor.WriteAsync("discarding the draft", async session =>
        {
            await CurrentDraftAsync(session, version, cancellationToken);
            await ClearDraftAsync(session, version, cancellationToken);
        }, cancellationToken);

    /// <inheritdoc />
    public Task PublishDraftAsync(int version, Digest digest, DateTimeOffset publishedAt, IReadOnlyCollection<DeliveryChannel> channels, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(channels);
        var frozen = Frozen(digest with { ContentHash = null });
        return _executor.WriteAsync("publishing the draft", async session =>
        {
            // Clearing the draft with its version is the claim: of two instances (or an approval and the deadline) at
            // once, one clears it and archives, the other finds the version moved on and archives nothing.
            await ClearDraftAsync(session, version, cancellationToken);
            await ArchiveAsync(session, frozen, publishedAt, channels, cancellationToken);
        }, cancellationToken);
    }

    private static async Task<Draft> CurrentDraftAsync(SqlSession session, int version, CancellationToken cancellationToken)
    {
        var (_, current) = await ReadDraftRowAsync(session, cancellationToken);
        return current is not null && current.Version == version ? current : throw new DraftChangedException(version, current?.Version);
    }

    private static async Task ClearDraftAsync(SqlSession session, int version, CancellationToken cancellationToken)
    {
        var cleared = await session.ExecuteAsync("""
            UPDATE drafts SET version = version + 1, json = NULL, built_at = NULL, edited = @edited, period_start = NULL, period_end = NULL, deadline = NULL
            WHERE id = 1 AND version = @version AND json IS NOT NULL
            """, a => a.Int("version", version).Bool("edited", false), cancellationToken);
        if (cleared == 0)
        {
            var (_, current) = await ReadDraftRowAsync(session, cancellationToken);
            throw new DraftChangedException(version, current?.Version);
        }
    }

    /// <summary>Writes the draft as version <paramref name="version"/> + 1, but only if the row is still at <paramref name="version"/>.</summary>
    private static async Task<Draft> WriteDraftAsync(SqlSession session, int version, Digest digest, DateTimeOffset builtAt, bool edited, DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        // A draft is not frozen: its hash is computed when it is published, from what it then says.
        digest = digest with { ContentHash = null };
        var written = await session.ExecuteAsync("""
            UPDATE drafts SET version = version + 1, json = @json, built_at = @builtAt, edited = @edited,
                period_start = @periodStart, period_end = @periodEnd, deadline = @deadline
            WHERE id = 1 AND version = @version
            """, a => a
            .Int("version", version)
            .Text("json", DigestJson.Serialize(digest))
            .Time("builtAt", builtAt)
            .Bool("edited", edited)
            .Time("periodStart", digest.PeriodStart)
            .Time("periodEnd", digest.PeriodEnd)
            .Time("deadline", deadline), cancellationToken);
        if (written == 0)
        {
            var (_, current) = await ReadDraftRowAsync(session, cancellationToken);
            throw new DraftChangedException(version, current?.Version);
        }

        return new Draft { Version = version + 1, Digest = digest, BuiltAt = builtAt, Edited = edited, Deadline = deadline };
    }

    private static async Task<Draft?> ReadDraftAsync(SqlSession session, CancellationToken cancellationToken) =>
        (await ReadDraftRowAsync(session, cancellationToken)).Draft;

    /// <summary>The row's version (also when it holds no draft) and the draft, if any.</summary>
    private static async Task<(int Version, Draft? Draft)> ReadDraftRowAsync(SqlSession session, CancellationToken cancellationToken)
    {
        var rows = await session.QueryAsync($"SELECT {DraftColumns} FROM drafts WHERE id = 1", null, r =>
        {
            var version = r.Int(0);
            return r.TextOrNull(1) is { } json
                ? (version, new Draft { Version = version, Digest = DigestJson.Deserialize(json), BuiltAt = r.Time(2), Edited = r.Bool(3), Deadline = r.TimeOrNull(4) })
                : (version, (Draft?)null);
        }, cancellationToken);
        return rows.Count == 0 ? (0, null) : rows[0];
    }
}
