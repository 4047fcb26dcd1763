using NpgsqlTypes;
using RoundupBot.Model;

namespace RoundupBot.Storage.Postgres;

public sealed partial class PostgresStore
{
    /// <inheritdoc />
    /// <remarks>One statement for the whole batch; several instances storing the same listing at once agree on one row.</remarks>
    public async Task SaveAnnouncementsAsync(IReadOnlyList<ItemCandidate> candidates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var rows = SelectionFacts.Announcements(candidates);
        if (rows.Count == 0)
        {
            return;
        }

        await RunAsync($"saving {rows.Count} arXiv announcements", connection => ExecuteAsync(connection, null, """
            INSERT INTO item_announcements (item_id, revision)
            SELECT i.id, r.revision FROM unnest(@keys, @revisions) AS r (key, revision) JOIN items i ON i.canonical_key = r.key
            ON CONFLICT (item_id) DO UPDATE SET revision = item_announcements.revision AND excluded.revision
            """, command =>
        {
            command.Parameters.AddArray("keys", NpgsqlDbType.Text, rows.Select(r => r.Key).ToArray());
            command.Parameters.AddArray("revisions", NpgsqlDbType.Boolean, rows.Select(r => r.Revision).ToArray());
        }, cancellationToken), cancellationToken);
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

        await RunAsync($"saving {rows.Count} community signals", connection => ExecuteAsync(connection, null, """
            INSERT INTO item_signals (item_id, source_id, kind, count, comments, discussion_url, title, first_seen_at, updated_at)
            SELECT i.id, @sourceId, r.kind, r.count, r.comments, r.url, r.title, @seenAt, @seenAt
            FROM unnest(@keys, @kinds, @counts, @comments, @urls, @titles) AS r (key, kind, count, comments, url, title)
            JOIN items i ON i.canonical_key = r.key
            ON CONFLICT (item_id, source_id) DO UPDATE SET kind = excluded.kind, count = excluded.count, comments = excluded.comments,
                discussion_url = excluded.discussion_url, title = excluded.title, updated_at = excluded.updated_at
            """, command =>
        {
            command.Parameters.AddLong("sourceId", sourceId);
            command.Parameters.AddTime("seenAt", seenAt);
            command.Parameters.AddArray("keys", NpgsqlDbType.Text, rows.Select(r => r.Key).ToArray());
            command.Parameters.AddArray("kinds", NpgsqlDbType.Text, rows.Select(r => r.Signal.Kind).ToArray());
            command.Parameters.AddArray("counts", NpgsqlDbType.Bigint, rows.Select(r => r.Signal.Count).ToArray());
            command.Parameters.AddArray("comments", NpgsqlDbType.Bigint, rows.Select(r => r.Signal.Comments).ToArray());
            command.Parameters.AddArray("urls", NpgsqlDbType.Text, rows.Select(r => r.Signal.DiscussionUrl).ToArray());
            command.Parameters.AddArray("titles", NpgsqlDbType.Text, rows.Select(r => r.Signal.Title).ToArray());
        }, cancellationToken), cancellationToken);
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

        var ids = itemIds.ToArray();
        return await RunAsync("reading signals and announcements", async connection =>
        {
            await using (var command = Command(connection, null, "SELECT item_id FROM item_announcements WHERE revision AND item_id = ANY(@ids)"))
            {
                command.Parameters.AddArray("ids", NpgsqlDbType.Bigint, ids);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    revisions.Add(reader.GetInt64(0));
                }
            }

            await using (var command = Command(connection, null, """
                SELECT item_id, source_id, kind, count, comments, discussion_url, title, first_seen_at, updated_at
                FROM item_signals WHERE item_id = ANY(@ids) ORDER BY item_id, source_id
                """))
            {
                command.Parameters.AddArray("ids", NpgsqlDbType.Bigint, ids);
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
                            Title = reader.ReadNullableString(6),
                        },
                        FirstSeenAt = reader.ReadTime(7),
                        UpdatedAt = reader.ReadTime(8),
                    };
                    SelectionFacts.Append(signals, signal.ItemId, signal);
                }
            }

            await using (var command = Command(connection, null, "SELECT item_id, mentioned_key FROM item_mentions WHERE item_id = ANY(@ids) ORDER BY item_id, mentioned_key"))
            {
                command.Parameters.AddArray("ids", NpgsqlDbType.Bigint, ids);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    SelectionFacts.Append(mentions, reader.GetInt64(0), reader.GetString(1));
                }
            }

            return new SelectionFacts(revisions, signals, mentions);
        }, cancellationToken);
    }
}
