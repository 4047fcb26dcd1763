using System.Text.Json;
using RoundupBot.Model;

namespace RoundupBot.Storage;

public abstract partial class SqlStore
{
    private const string SourceColumns =
        "s.id, s.name, s.url, s.kind, s.weight, s.selectors, s.enabled, s.etag, s.last_modified, s.last_fetched_at, " +
        "s.last_status, s.last_error, s.consecutive_failures, s.next_due_at, s.feed_title, " +
        "(SELECT COUNT(*) FROM item_sources x WHERE x.source_id = s.id)";

    private const string FetchStateColumns = """
        etag = @etag, last_modified = @lastModified, last_fetched_at = @lastFetchedAt, last_status = @lastStatus,
        last_error = @lastError, consecutive_failures = @failures, next_due_at = @nextDueAt, feed_title = @feedTitle
        """;

    /// <inheritdoc />
    public Task<IReadOnlyList<Source>> ListSourcesAsync(CancellationToken cancellationToken) =>
        QuerySourcesAsync("ORDER BY s.id", null, cancellationToken);

    /// <inheritdoc />
    public async Task<Source?> GetSourceAsync(long id, CancellationToken cancellationToken) =>
        (await QuerySourcesAsync("WHERE s.id = @id", a => a.Long("id", id), cancellationToken)) is [var source] ? source : null;

    /// <inheritdoc />
    public async Task<Source?> FindSourceByUrlAsync(string url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        return (await QuerySourcesAsync("WHERE s.url = @url", a => a.Text("url", url), cancellationToken)) is [var source] ? source : null;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Source>> ListDueSourcesAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        QuerySourcesAsync("WHERE s.enabled = TRUE AND (s.next_due_at IS NULL OR s.next_due_at <= @now) ORDER BY s.id",
            a => a.Time("now", now), cancellationToken);

    /// <inheritdoc />
    public Task<Source> AddSourceAsync(Source source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(source.Url);
        return _executor.WriteAsync("adding a source", async session =>
        {
            try
            {
                var id = await session.ScalarLongAsync("""
                    INSERT INTO sources (name, url, kind, weight, selectors, enabled, etag, last_modified, last_fetched_at,
                        last_status, last_error, consecutive_failures, next_due_at, feed_title, created_at)
                    VALUES (@name, @url, @kind, @weight, @selectors, @enabled, @etag, @lastModified, @lastFetchedAt,
                        @lastStatus, @lastError, @failures, @nextDueAt, @feedTitle, @createdAt)
                    RETURNING id
                    """, a =>
                {
                    BindSource(a.Text("url", source.Url).Time("createdAt", _timeProvider.GetUtcNow()), source);
                    BindFetchState(a, source.Fetch);
                }, cancellationToken);
                return source with { Id = id, ItemCount = 0 };
            }
            catch (System.Data.Common.DbException ex) when (Dialect.IsUniqueViolation(ex))
            {
                throw new StoreException($"A source with the URL {source.Url} already exists; remove it first or use another URL.", ex)
                {
                    Conflict = true,
                };
            }
        }, cancellationToken, atomic: false);
    }

    /// <inheritdoc />
    public Task UpdateSourceAsync(Source source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        return _executor.WriteAsync("updating a source", session => session.ExecuteAsync("""
            UPDATE sources SET name = @name, kind = @kind, weight = @weight, selectors = @selectors, enabled = @enabled
            WHERE id = @id
            """, a => BindSource(a.Long("id", source.Id), source), cancellationToken), cancellationToken, atomic: false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// With several writers (PostgreSQL), the source's row is locked first, so a fetch of it that is being stored
    /// finishes before (its items are then seen and removed with it) or fails after ("no source has id"). The orphans
    /// are locked, then deleted by a second statement that sees every fetch of another source that carried one of them
    /// in the meantime: such an item stays.
    /// </remarks>
    public Task<bool> RemoveSourceAsync(long id, CancellationToken cancellationToken) =>
        _executor.WriteAsync("removing a source", async session =>
        {
            const string Orphans = """
                SELECT x.item_id FROM item_sources x WHERE x.source_id = @id
                AND NOT EXISTS (SELECT 1 FROM item_sources y WHERE y.item_id = x.item_id AND y.source_id <> @id)
                """;
            void Bind(SqlArgs a) => a.Long("id", id);
            await session.ExecuteAsync($"SELECT 1 FROM sources WHERE id = @id{Dialect.ForUpdate}", Bind, cancellationToken);
            await session.ExecuteAsync($"SELECT 1 FROM items WHERE id IN ({Orphans}) ORDER BY id{Dialect.ForUpdate}", Bind, cancellationToken);
            await session.ExecuteAsync($"DELETE FROM items WHERE id IN ({Orphans})", Bind, cancellationToken);
            session.AfterCommit(_items.ItemsRemoved);
            return await session.ExecuteAsync("DELETE FROM sources WHERE id = @id", Bind, cancellationToken) > 0;
        }, cancellationToken);

    /// <inheritdoc />
    /// <remarks>A second claimer's UPDATE waits for the first's row lock (or the single writer), then finds the source no longer due.</remarks>
    public async Task<Source?> ClaimSourceAsync(long id, string claimant, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var claimed = await _executor.WriteAsync("claiming a source", session => session.ExecuteAsync("""
            UPDATE sources SET next_due_at = @until, claimed_by = @claimant
            WHERE id = @id AND enabled = TRUE AND (next_due_at IS NULL OR next_due_at <= @now)
            """, a => a.Long("id", id).Text("claimant", claimant).Time("now", now).Time("until", until), cancellationToken),
            cancellationToken, atomic: false);
        return claimed == 0 ? null : await GetSourceAsync(id, cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> ReleaseSourceClaimsAsync(DateTimeOffset now, Func<string, bool> isClaimantGone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(isClaimantGone);
        return _executor.WriteAsync("releasing the sources of a stopped fetch", async session =>
        {
            var claimants = await session.QueryAsync(
                "SELECT DISTINCT claimed_by FROM sources WHERE claimed_by IS NOT NULL", null, r => r.Text(0), cancellationToken);
            var gone = claimants.Where(isClaimantGone).ToArray();
            return gone.Length == 0 ? 0 : await session.ExecuteAsync(
                $"UPDATE sources SET next_due_at = @now, claimed_by = NULL WHERE claimed_by {Dialect.InList("@gone")}",
                a => a.Time("now", now).Texts("gone", gone), cancellationToken);
        }, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>A source removed meanwhile is not an error: the state is dropped.</remarks>
    public Task SaveFetchStateAsync(long sourceId, SourceFetchState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        return _executor.WriteAsync("saving a source's fetch state", session => session.ExecuteAsync(
            $"UPDATE sources SET {FetchStateColumns}, claimed_by = NULL WHERE id = @id",
            a => BindFetchState(a.Long("id", sourceId), state), cancellationToken), cancellationToken, atomic: false);
    }

    private static void BindSource(SqlArgs a, Source source) => a
        .Text("name", source.Name)
        .Text("kind", Text(source.Kind))
        .Double("weight", source.Weight)
        .Json("selectors", source.Selectors is null ? null : JsonSerializer.Serialize(source.Selectors, StoreJsonContext.Default.HtmlSelectors))
        .Bool("enabled", source.Enabled);

    private static void BindFetchState(SqlArgs a, SourceFetchState state) => a
        .Text("etag", state.ETag)
        .Text("lastModified", state.LastModified)
        .Time("lastFetchedAt", state.LastFetchedAt)
        .Int("lastStatus", state.LastStatus)
        .Text("lastError", state.LastError)
        .Int("failures", state.ConsecutiveFailures)
        .Time("nextDueAt", state.NextDueAt)
        .Text("feedTitle", state.FeedTitle);

    private async Task<IReadOnlyList<Source>> QuerySourcesAsync(string where, Action<SqlArgs>? bind, CancellationToken cancellationToken) =>
        await _executor.ReadAsync("reading sources", session =>
            session.QueryAsync($"SELECT {SourceColumns} FROM sources s {where}", bind, ReadSource, cancellationToken), cancellationToken);

    private static Source ReadSource(SqlRow r)
    {
        var selectors = r.TextOrNull(5);
        return new Source
        {
            Id = r.Long(0),
            Name = r.Text(1),
            Url = r.Text(2),
            Kind = Enum.TryParse<SourceKind>(r.Text(3), ignoreCase: true, out var kind) ? kind : SourceKind.Rss,
            Weight = r.Double(4),
            Selectors = selectors is null ? null : JsonSerializer.Deserialize(selectors, StoreJsonContext.Default.HtmlSelectors),
            Enabled = r.Bool(6),
            Fetch = new SourceFetchState
            {
                ETag = r.TextOrNull(7),
                LastModified = r.TextOrNull(8),
                LastFetchedAt = r.TimeOrNull(9),
                LastStatus = r.IntOrNull(10),
                LastError = r.TextOrNull(11),
                ConsecutiveFailures = r.Int(12),
                NextDueAt = r.TimeOrNull(13),
                FeedTitle = r.TextOrNull(14),
            },
            ItemCount = r.Count(15),
        };
    }
}
