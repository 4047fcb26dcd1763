using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using RoundupBot.Model;

namespace RoundupBot.Storage.Sqlite;

public sealed partial class SqliteStore
{
    private const string SourceColumns =
        "s.id, s.name, s.url, s.kind, s.weight, s.selectors, s.enabled, s.etag, s.last_modified, s.last_fetched_at, " +
        "s.last_status, s.last_error, s.consecutive_failures, s.next_due_at, s.feed_title, " +
        "(SELECT COUNT(*) FROM item_sources x WHERE x.source_id = s.id)";

    /// <inheritdoc />
    public Task<IReadOnlyList<Source>> ListSourcesAsync(CancellationToken cancellationToken) =>
        QuerySourcesAsync($"SELECT {SourceColumns} FROM sources s ORDER BY s.id", null, cancellationToken);

    /// <inheritdoc />
    public async Task<Source?> GetSourceAsync(long id, CancellationToken cancellationToken)
    {
        var sources = await QuerySourcesAsync(
            $"SELECT {SourceColumns} FROM sources s WHERE s.id = $id", c => c.Parameters.AddWithValue("$id", id), cancellationToken);
        return sources.Count == 0 ? null : sources[0];
    }

    /// <inheritdoc />
    public async Task<Source?> FindSourceByUrlAsync(string url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        var sources = await QuerySourcesAsync(
            $"SELECT {SourceColumns} FROM sources s WHERE s.url = $url", c => c.Parameters.AddWithValue("$url", url), cancellationToken);
        return sources.Count == 0 ? null : sources[0];
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Source>> ListDueSourcesAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        QuerySourcesAsync(
            $"SELECT {SourceColumns} FROM sources s WHERE s.enabled = 1 AND (s.next_due_at IS NULL OR s.next_due_at <= $now) ORDER BY s.id",
            c => c.Parameters.AddWithValue("$now", ToUnixMs(now)),
            cancellationToken);

    /// <inheritdoc />
    public async Task<Source> AddSourceAsync(Source source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(source.Url);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            using var command = GetWriteConnection().CreateCommand();
            command.CommandText = """
                INSERT INTO sources (name, url, kind, weight, selectors, enabled, etag, last_modified, last_fetched_at,
                    last_status, last_error, consecutive_failures, next_due_at, feed_title, created_at)
                VALUES ($name, $url, $kind, $weight, $selectors, $enabled, $etag, $lastModified, $lastFetchedAt,
                    $lastStatus, $lastError, $failures, $nextDueAt, $feedTitle, $createdAt)
                RETURNING id
                """;
            command.Parameters.AddWithValue("$name", source.Name);
            command.Parameters.AddWithValue("$url", source.Url);
            command.Parameters.AddWithValue("$kind", KindText(source.Kind));
            command.Parameters.AddWithValue("$weight", source.Weight);
            command.Parameters.AddWithValue("$selectors",
                source.Selectors is null ? DBNull.Value : JsonSerializer.Serialize(source.Selectors, StoreJsonContext.Default.HtmlSelectors));
            command.Parameters.AddWithValue("$enabled", source.Enabled ? 1 : 0);
            AddFetchStateParameters(command, source.Fetch);
            command.Parameters.AddWithValue("$createdAt", ToUnixMs(_timeProvider.GetUtcNow()));
            try
            {
                var id = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
                return source with { Id = id, ItemCount = 0 };
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == 19 && ex.SqliteExtendedErrorCode == 2067)
            {
                throw new StoreException($"A source with the URL {source.Url} already exists; remove it first or use another URL.", ex)
                {
                    Conflict = true,
                };
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public async Task UpdateSourceAsync(Source source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            using var command = GetWriteConnection().CreateCommand();
            command.CommandText = """
                UPDATE sources SET name = $name, kind = $kind, weight = $weight, selectors = $selectors, enabled = $enabled
                WHERE id = $id
                """;
            command.Parameters.AddWithValue("$id", source.Id);
            command.Parameters.AddWithValue("$name", source.Name);
            command.Parameters.AddWithValue("$kind", KindText(source.Kind));
            command.Parameters.AddWithValue("$weight", source.Weight);
            command.Parameters.AddWithValue("$selectors",
                source.Selectors is null ? DBNull.Value : JsonSerializer.Serialize(source.Selectors, StoreJsonContext.Default.HtmlSelectors));
            command.Parameters.AddWithValue("$enabled", source.Enabled ? 1 : 0);
            command.ExecuteNonQuery();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public async Task<bool> RemoveSourceAsync(long id, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var connection = GetWriteConnection();
            using var transaction = connection.BeginTransaction();
            using (var orphans = connection.CreateCommand())
            {
                orphans.Transaction = transaction;
                orphans.CommandText = """
                    DELETE FROM items WHERE id IN (
                        SELECT x.item_id FROM item_sources x WHERE x.source_id = $id
                        AND NOT EXISTS (SELECT 1 FROM item_sources y WHERE y.item_id = x.item_id AND y.source_id <> $id))
                    """;
                orphans.Parameters.AddWithValue("$id", id);
                orphans.ExecuteNonQuery();
            }

            int removed;
            using (var delete = connection.CreateCommand())
            {
                delete.Transaction = transaction;
                delete.CommandText = "DELETE FROM sources WHERE id = $id";
                delete.Parameters.AddWithValue("$id", id);
                removed = delete.ExecuteNonQuery();
            }

            transaction.Commit();
            // Items were deleted behind the upsert's in-memory index.
            _itemWriter?.Invalidate();
            return removed > 0;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public async Task<Source?> ClaimSourceAsync(long id, string claimant, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            using var command = GetWriteConnection().CreateCommand();
            command.CommandText = """
                UPDATE sources SET next_due_at = $until, claimed_by = $claimant
                WHERE id = $id AND enabled = 1 AND (next_due_at IS NULL OR next_due_at <= $now)
                """;
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$claimant", claimant);
            command.Parameters.AddWithValue("$now", ToUnixMs(now));
            command.Parameters.AddWithValue("$until", ToUnixMs(until));
            if (command.ExecuteNonQuery() == 0)
            {
                return null;
            }
        }
        finally
        {
            _writeLock.Release();
        }

        return await GetSourceAsync(id, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<int> ReleaseSourceClaimsAsync(DateTimeOffset now, Func<string, bool> isClaimantGone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(isClaimantGone);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var connection = GetWriteConnection();
            var claimants = new List<string>();
            using (var select = connection.CreateCommand())
            {
                select.CommandText = "SELECT DISTINCT claimed_by FROM sources WHERE claimed_by IS NOT NULL";
                using var reader = select.ExecuteReader();
                while (reader.Read())
                {
                    claimants.Add(reader.GetString(0));
                }
            }

            var released = 0;
            foreach (var gone in claimants.Where(isClaimantGone))
            {
                using var release = connection.CreateCommand();
                release.CommandText = "UPDATE sources SET next_due_at = $now, claimed_by = NULL WHERE claimed_by = $claimant";
                release.Parameters.AddWithValue("$now", ToUnixMs(now));
                release.Parameters.AddWithValue("$claimant", gone);
                released += release.ExecuteNonQuery();
            }

            return released;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    /// <remarks>A source removed meanwhile is not an error: the state is dropped.</remarks>
    public async Task SaveFetchStateAsync(long sourceId, SourceFetchState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            using var command = GetWriteConnection().CreateCommand();
            command.CommandText = """
                UPDATE sources SET etag = $etag, last_modified = $lastModified, last_fetched_at = $lastFetchedAt,
                    last_status = $lastStatus, last_error = $lastError, consecutive_failures = $failures,
                    next_due_at = $nextDueAt, feed_title = $feedTitle, claimed_by = NULL
                WHERE id = $id
                """;
            command.Parameters.AddWithValue("$id", sourceId);
            AddFetchStateParameters(command, state);
            command.ExecuteNonQuery();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static void AddFetchStateParameters(SqliteCommand command, SourceFetchState state)
    {
        command.Parameters.AddWithValue("$etag", ToDb(state.ETag));
        command.Parameters.AddWithValue("$lastModified", ToDb(state.LastModified));
        command.Parameters.AddWithValue("$lastFetchedAt", ToDb(state.LastFetchedAt));
        command.Parameters.AddWithValue("$lastStatus", ToDb(state.LastStatus));
        command.Parameters.AddWithValue("$lastError", ToDb(state.LastError));
        command.Parameters.AddWithValue("$failures", state.ConsecutiveFailures);
        command.Parameters.AddWithValue("$nextDueAt", ToDb(state.NextDueAt));
        command.Parameters.AddWithValue("$feedTitle", ToDb(state.FeedTitle));
    }

    private async Task<IReadOnlyList<Source>> QuerySourcesAsync(
        string sql, Action<SqliteCommand>? bind, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind?.Invoke(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var sources = new List<Source>();
        while (await reader.ReadAsync(cancellationToken))
        {
            sources.Add(ReadSource(reader));
        }

        return sources;
    }

    private static Source ReadSource(SqliteDataReader reader)
    {
        var selectors = ReadString(reader, 5);
        return new Source
        {
            Id = reader.GetInt64(0),
            Name = reader.GetString(1),
            Url = reader.GetString(2),
            Kind = Enum.TryParse<SourceKind>(reader.GetString(3), ignoreCase: true, out var kind) ? kind : SourceKind.Rss,
            Weight = reader.GetDouble(4),
            Selectors = selectors is null ? null : JsonSerializer.Deserialize(selectors, StoreJsonContext.Default.HtmlSelectors),
            Enabled = reader.GetInt64(6) != 0,
            Fetch = new SourceFetchState
            {
                ETag = ReadString(reader, 7),
                LastModified = ReadString(reader, 8),
                LastFetchedAt = ReadTime(reader, 9),
                LastStatus = reader.IsDBNull(10) ? null : reader.GetInt32(10),
                LastError = ReadString(reader, 11),
                ConsecutiveFailures = reader.GetInt32(12),
                NextDueAt = ReadTime(reader, 13),
                FeedTitle = ReadString(reader, 14),
            },
            ItemCount = reader.GetInt32(15),
        };
    }

    private static string KindText(SourceKind kind) => kind.ToString().ToLowerInvariant();
}
