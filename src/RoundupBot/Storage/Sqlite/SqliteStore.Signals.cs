using Microsoft.Data.Sqlite;
using RoundupBot.Model;

namespace RoundupBot.Storage.Sqlite;

public sealed partial class SqliteStore
{
    /// <inheritdoc />
    public async Task SaveAnnouncementsAsync(IReadOnlyList<ItemCandidate> candidates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var rows = SelectionFacts.Announcements(candidates);
        if (rows.Count == 0)
        {
            return;
        }

        await WriteSelectionRowsAsync($"saving {rows.Count} arXiv announcements", """
            INSERT INTO item_announcements (item_id, revision)
            SELECT id, $revision FROM items WHERE canonical_key = $key
            ON CONFLICT (item_id) DO UPDATE SET revision = min(item_announcements.revision, excluded.revision)
            """, command =>
        {
            var key = command.Parameters.Add("$key", SqliteType.Text);
            var revision = command.Parameters.Add("$revision", SqliteType.Integer);
            return rows.Select(row => (Action)(() =>
            {
                key.Value = row.Key;
                revision.Value = row.Revision ? 1 : 0;
            }));
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task SaveSignalsAsync(long sourceId, IReadOnlyList<ItemCandidate> candidates, DateTimeOffset seenAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var rows = SelectionFacts.Strongest(candidates);
        if (rows.Count == 0)
        {
            return;
        }

        await WriteSelectionRowsAsync($"saving {rows.Count} community signals", """
            INSERT INTO item_signals (item_id, source_id, kind, count, comments, discussion_url, title, first_seen_at, updated_at)
            SELECT id, $sourceId, $kind, $count, $comments, $url, $title, $seenAt, $seenAt FROM items WHERE canonical_key = $key
            ON CONFLICT (item_id, source_id) DO UPDATE SET kind = excluded.kind, count = excluded.count, comments = excluded.comments,
                discussion_url = excluded.discussion_url, title = excluded.title, updated_at = excluded.updated_at
            """, command =>
        {
            command.Parameters.AddWithValue("$sourceId", sourceId);
            command.Parameters.AddWithValue("$seenAt", ToUnixMs(seenAt));
            var key = command.Parameters.Add("$key", SqliteType.Text);
            var kind = command.Parameters.Add("$kind", SqliteType.Text);
            var count = command.Parameters.Add("$count", SqliteType.Integer);
            var comments = command.Parameters.Add("$comments", SqliteType.Integer);
            var url = command.Parameters.Add("$url", SqliteType.Text);
            var title = command.Parameters.Add("$title", SqliteType.Text);
            return rows.Select(row => (Action)(() =>
            {
                key.Value = row.Key;
                kind.Value = row.Signal.Kind;
                count.Value = row.Signal.Count;
                comments.Value = row.Signal.Comments;
                url.Value = row.Signal.DiscussionUrl;
                title.Value = ToDb(row.Signal.Title);
            }));
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<SelectionFacts> GetSelectionFactsAsync(IReadOnlyList<long> itemIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(itemIds);
        var revisions = new HashSet<long>();
        var signals = new Dictionary<long, IReadOnlyList<ItemSignal>>();
        var mentions = new Dictionary<long, IReadOnlyList<string>>();
        if (itemIds.Count == 0)
        {
            return new SelectionFacts(revisions, signals, mentions);
        }

        // One JSON array parameter instead of an IN list: a week holds thousands of items, past SQLite's parameter limit.
        var ids = "[" + string.Join(',', itemIds) + "]";
        try
        {
            await using var connection = Open();
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT item_id FROM item_announcements WHERE revision = 1 AND item_id IN (SELECT value FROM json_each($ids))";
                command.Parameters.AddWithValue("$ids", ids);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    revisions.Add(reader.GetInt64(0));
                }
            }

            await using (var command = connection.CreateCommand())
            {
                command.CommandText = """
                    SELECT item_id, source_id, kind, count, comments, discussion_url, title, first_seen_at, updated_at
                    FROM item_signals WHERE item_id IN (SELECT value FROM json_each($ids)) ORDER BY item_id, source_id
                    """;
                command.Parameters.AddWithValue("$ids", ids);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var signal = new ItemSignal
                    {
                        ItemId = reader.GetInt64(0),
                        SourceId = reader.GetInt64(1),
                        Signal = new CommunitySignal
                        {
                            Kind = reader.GetString(2),
                            Count = reader.GetInt64(3),
                            Comments = reader.GetInt64(4),
                            DiscussionUrl = reader.GetString(5),
                            Title = reader.IsDBNull(6) ? null : reader.GetString(6),
                        },
                        FirstSeenAt = FromUnixMs(reader.GetInt64(7)),
                        UpdatedAt = FromUnixMs(reader.GetInt64(8)),
                    };
                    SelectionFacts.Append(signals, signal.ItemId, signal);
                }
            }

            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT item_id, mentioned_key FROM item_mentions WHERE item_id IN (SELECT value FROM json_each($ids)) ORDER BY item_id, mentioned_key";
                command.Parameters.AddWithValue("$ids", ids);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    SelectionFacts.Append(mentions, reader.GetInt64(0), reader.GetString(1));
                }
            }
        }
        catch (SqliteException ex)
        {
            throw new StoreException($"Database {_displayName}: reading signals and announcements failed ({ex.Message}); check the file and its permissions.", ex);
        }

        return new SelectionFacts(revisions, signals, mentions);
    }

    /// <summary>Runs one prepared statement per row in one transaction, under the write lock.</summary>
    private async Task WriteSelectionRowsAsync(
        string what, string sql, Func<SqliteCommand, IEnumerable<Action>> bindRows, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var connection = GetWriteConnection();
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            var rows = bindRows(command).ToList();
            command.Prepare();
            foreach (var bind in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                bind();
                command.ExecuteNonQuery();
            }

            transaction.Commit();
        }
        catch (SqliteException ex)
        {
            throw new StoreException($"Database {_displayName}: {what} failed ({ex.Message}); check the file and its permissions.", ex);
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
