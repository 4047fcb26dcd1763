using System.Text.Json;
using Npgsql;
using RoundupBot.Model;

namespace RoundupBot.Storage.Postgres;

public sealed partial class PostgresStore
{
    private const string SourceColumns =
        "s.id, s.name, s.url, s.kind, s.weight, s.selectors, s.enabled, s.etag, s.last_modified, s.last_fetched_at, " +
        "s.last_status, s.last_error, s.consecutive_failures, s.next_due_at, s.feed_title, " +
        "(SELECT COUNT(*)::integer FROM item_sources x WHERE x.source_id = s.id)";

    /// <inheritdoc />
    public Task<IReadOnlyList<Source>> ListSourcesAsync(CancellationToken cancellationToken) =>
        QuerySourcesAsync($"SELECT {SourceColumns} FROM sources s ORDER BY s.id", null, cancellationToken);

    /// <inheritdoc />
    public async Task<Source?> GetSourceAsync(long id, CancellationToken cancellationToken)
    {
        var sources = await QuerySourcesAsync(
            $"SELECT {SourceColumns} FROM sources s WHERE s.id = @id", c => c.Parameters.AddLong("id", id), cancellationToken);
        return sources.Count == 0 ? null : sources[0];
    }

    /// <inheritdoc />
    public async Task<Source?> FindSourceByUrlAsync(string url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        var sources = await QuerySourcesAsync(
            $"SELECT {SourceColumns} FROM sources s WHERE s.url = @url", c => c.Parameters.AddText("url", url), cancellationToken);
        return sources.Count == 0 ? null : sources[0];
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Source>> ListDueSourcesAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        QuerySourcesAsync(
            $"SELECT {SourceColumns} FROM sources s WHERE s.enabled AND (s.next_due_at IS NULL OR s.next_due_at <= @now) ORDER BY s.id",
            c => c.Parameters.AddTime("now", now),
            cancellationToken);

    /// <inheritdoc />
    public async Task<Source> AddSourceAsync(Source source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(source.Url);
        return await RunAsync("adding a source", async connection =>
        {
            await using var command = Command(connection, null, """
                INSERT INTO sources (name, url, kind, weight, selectors, enabled, etag, last_modified, last_fetched_at,
                    last_status, last_error, consecutive_failures, next_due_at, feed_title, created_at)
                VALUES (@name, @url, @kind, @weight, @selectors, @enabled, @etag, @lastModified, @lastFetchedAt,
                    @lastStatus, @lastError, @failures, @nextDueAt, @feedTitle, @createdAt)
                RETURNING id
                """);
            command.Parameters.AddText("url", source.Url);
            AddSourceParameters(command, source);
            AddFetchStateParameters(command, source.Fetch);
            command.Parameters.AddTime("createdAt", _timeProvider.GetUtcNow());
            try
            {
                var id = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
                return source with { Id = id, ItemCount = 0 };
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                throw new StoreException($"A source with the URL {source.Url} already exists; remove it first or use another URL.", ex)
                {
                    Conflict = true,
                };
            }
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task UpdateSourceAsync(Source source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        return RunAsync("updating a source", connection => ExecuteAsync(connection, null, """
            UPDATE sources SET name = @name, kind = @kind, weight = @weight, selectors = @selectors, enabled = @enabled
            WHERE id = @id
            """, c =>
        {
            c.Parameters.AddLong("id", source.Id);
            AddSourceParameters(c, source);
        }, cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The source's row is locked first, so a fetch of it that is being stored finishes before (its items are then
    /// seen and removed with it) or fails after ("no source has id"). The orphans are locked, then deleted by a second
    /// statement that sees every fetch of another source that carried one of them in the meantime: such an item stays.
    /// </remarks>
    public Task<bool> RemoveSourceAsync(long id, CancellationToken cancellationToken) =>
        InTransactionAsync("removing a source", async (connection, transaction) =>
        {
            const string Orphans = """
                SELECT x.item_id FROM item_sources x WHERE x.source_id = @id
                AND NOT EXISTS (SELECT 1 FROM item_sources y WHERE y.item_id = x.item_id AND y.source_id <> @id)
                """;
            void Bind(NpgsqlCommand c) => c.Parameters.AddLong("id", id);
            await ExecuteAsync(connection, transaction, "SELECT 1 FROM sources WHERE id = @id FOR UPDATE", Bind, cancellationToken);
            await ExecuteAsync(connection, transaction, $"SELECT 1 FROM items WHERE id IN ({Orphans}) ORDER BY id FOR UPDATE", Bind, cancellationToken);
            await ExecuteAsync(connection, transaction, $"DELETE FROM items WHERE id IN ({Orphans})", Bind, cancellationToken);
            return await ExecuteAsync(connection, transaction, "DELETE FROM sources WHERE id = @id", Bind, cancellationToken) > 0;
        }, cancellationToken);

    /// <inheritdoc />
    /// <remarks>A second claimer's UPDATE waits for the first's row lock, then finds the source no longer due.</remarks>
    public async Task<Source?> ClaimSourceAsync(long id, string claimant, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var claimed = await RunAsync("claiming a source", connection => ExecuteAsync(connection, null, """
            UPDATE sources SET next_due_at = @until, claimed_by = @claimant
            WHERE id = @id AND enabled AND (next_due_at IS NULL OR next_due_at <= @now)
            """, c =>
        {
            c.Parameters.AddLong("id", id);
            c.Parameters.AddText("claimant", claimant);
            c.Parameters.AddTime("now", now);
            c.Parameters.AddTime("until", until);
        }, cancellationToken), cancellationToken);
        return claimed == 0 ? null : await GetSourceAsync(id, cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> ReleaseSourceClaimsAsync(DateTimeOffset now, Func<string, bool> isClaimantGone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(isClaimantGone);
        return RunAsync("releasing the sources of a stopped fetch", async connection =>
        {
            var claimants = new List<string>();
            await using (var select = Command(connection, null, "SELECT DISTINCT claimed_by FROM sources WHERE claimed_by IS NOT NULL"))
            await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    claimants.Add(reader.GetString(0));
                }
            }

            var gone = claimants.Where(isClaimantGone).ToArray();
            return gone.Length == 0 ? 0 : await ExecuteAsync(connection, null,
                "UPDATE sources SET next_due_at = @now, claimed_by = NULL WHERE claimed_by = ANY(@gone)", c =>
                {
                    c.Parameters.AddTime("now", now);
                    c.Parameters.AddArray("gone", NpgsqlTypes.NpgsqlDbType.Text, gone);
                }, cancellationToken);
        }, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>A source removed meanwhile is not an error: the state is dropped.</remarks>
    public Task SaveFetchStateAsync(long sourceId, SourceFetchState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        return RunAsync("saving a source's fetch state", connection => ExecuteAsync(connection, null, """
            UPDATE sources SET etag = @etag, last_modified = @lastModified, last_fetched_at = @lastFetchedAt,
                last_status = @lastStatus, last_error = @lastError, consecutive_failures = @failures,
                next_due_at = @nextDueAt, feed_title = @feedTitle, claimed_by = NULL
            WHERE id = @id
            """, c =>
        {
            c.Parameters.AddLong("id", sourceId);
            AddFetchStateParameters(c, state);
        }, cancellationToken), cancellationToken);
    }

    private static void AddSourceParameters(NpgsqlCommand command, Source source)
    {
        command.Parameters.AddText("name", source.Name);
        command.Parameters.AddText("kind", KindText(source.Kind));
        command.Parameters.AddDouble("weight", source.Weight);
        command.Parameters.AddJson("selectors",
            source.Selectors is null ? null : JsonSerializer.Serialize(source.Selectors, StoreJsonContext.Default.HtmlSelectors));
        command.Parameters.AddBool("enabled", source.Enabled);
    }

    private static void AddFetchStateParameters(NpgsqlCommand command, SourceFetchState state)
    {
        command.Parameters.AddText("etag", state.ETag);
        command.Parameters.AddText("lastModified", state.LastModified);
        command.Parameters.AddTime("lastFetchedAt", state.LastFetchedAt);
        command.Parameters.AddInt("lastStatus", state.LastStatus);
        command.Parameters.AddText("lastError", state.LastError);
        command.Parameters.AddInt("failures", state.ConsecutiveFailures);
        command.Parameters.AddTime("nextDueAt", state.NextDueAt);
        command.Parameters.AddText("feedTitle", state.FeedTitle);
    }

    private Task<IReadOnlyList<Source>> QuerySourcesAsync(string sql, Action<NpgsqlCommand>? bind, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<Source>>("reading sources", async connection =>
        {
            await using var command = Command(connection, null, sql);
            bind?.Invoke(command);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var sources = new List<Source>();
            while (await reader.ReadAsync(cancellationToken))
            {
                sources.Add(ReadSource(reader));
            }

            return sources;
        }, cancellationToken);

    private static Source ReadSource(NpgsqlDataReader reader)
    {
        var selectors = reader.ReadNullableString(5);
        return new Source
        {
            Id = reader.GetInt64(0),
            Name = reader.GetString(1),
            Url = reader.GetString(2),
            Kind = Enum.TryParse<SourceKind>(reader.GetString(3), ignoreCase: true, out var kind) ? kind : SourceKind.Rss,
            Weight = reader.GetDouble(4),
            Selectors = selectors is null ? null : JsonSerializer.Deserialize(selectors, StoreJsonContext.Default.HtmlSelectors),
            Enabled = reader.GetBoolean(6),
            Fetch = new SourceFetchState
            {
                ETag = reader.ReadNullableString(7),
                LastModified = reader.ReadNullableString(8),
                LastFetchedAt = reader.ReadNullableTime(9),
                LastStatus = reader.ReadNullableInt(10),
                LastError = reader.ReadNullableString(11),
                ConsecutiveFailures = reader.GetInt32(12),
                NextDueAt = reader.ReadNullableTime(13),
                FeedTitle = reader.ReadNullableString(14),
            },
            ItemCount = reader.GetInt32(15),
        };
    }

    private static string KindText(SourceKind kind) => kind.ToString().ToLowerInvariant();
}
