using RoundupBot.Model;

namespace RoundupBot.Storage;

public abstract partial class SqlStore
{
    /// <inheritdoc />
    /// <remarks>
    /// <c>a AND b</c> keeps a row a revision only while every listing says so, in both databases (SQLite's booleans are
    /// the integers 0 and 1). Rows go in key order, so two instances storing the same listing lock them in one order.
    /// </remarks>
    public async Task SaveAnnouncementsAsync(IReadOnlyList<ItemCandidate> candidates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var rows = SelectionFacts.Announcements(candidates).OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        // INSERT ... SELECT finds the item by key and skips a candidate whose item is not stored.
        await _executor.WriteAsync($"saving {rows.Count} arXiv announcements", session => session.ExecuteEachAsync("""
            INSERT INTO item_announcements (item_id, revision)
            SELECT id, @revision FROM items WHERE canonical_key = @key
            ON CONFLICT (item_id) DO UPDATE SET revision = item_announcements.revision AND excluded.revision
            """, rows, (a, row) => a.Text("key", row.Key).Bool("revision", row.Revision), cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public async Task SaveSignalsAsync(long sourceId, IReadOnlyList<ItemCandidate> candidates, DateTimeOffset seenAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var rows = SelectionFacts.Strongest(candidates).OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        await _executor.WriteAsync($"saving {rows.Count} community signals", session => session.ExecuteEachAsync("""
            INSERT INTO item_signals (item_id, source_id, kind, count, comments, discussion_url, title, first_seen_at, updated_at)
            SELECT id, @sourceId, @kind, @count, @comments, @url, @title, @seenAt, @seenAt FROM items WHERE canonical_key = @key
            ON CONFLICT (item_id, source_id) DO UPDATE SET kind = excluded.kind, count = excluded.count, comments = excluded.comments,
                discussion_url = excluded.discussion_url, title = excluded.title, updated_at = excluded.updated_at
            """, rows, (a, row) => a.Long("sourceId", sourceId).Time("seenAt", seenAt).Text("key", row.Key)
            .Text("kind", row.Signal.Kind).Long("count", row.Signal.Count).Long("comments", row.Signal.Comments)
            .Text("url", row.Signal.DiscussionUrl).Text("title", row.Signal.Title), cancellationToken), cancellationToken);
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

        // One list parameter instead of an IN list: a week holds thousands of items, past SQLite's parameter limit.
        long[] ids = [.. itemIds];
        await _executor.ReadAsync("reading signals and announcements", async session =>
        {
            revisions.UnionWith(await session.QueryAsync(
                $"SELECT item_id FROM item_announcements WHERE revision AND item_id {Dialect.InList("@ids")}",
                a => a.Longs("ids", ids), r => r.Long(0), cancellationToken));

            var stored = await session.QueryAsync($"""
                SELECT item_id, source_id, kind, count, comments, discussion_url, title, first_seen_at, updated_at
                FROM item_signals WHERE item_id {Dialect.InList("@ids")} ORDER BY item_id, source_id
                """, a => a.Longs("ids", ids), r => new ItemSignal
            {
                ItemId = r.Long(0),
                SourceId = r.Long(1),
                Signal = new CommunitySignal
                {
                    Kind = r.Text(2),
                    Count = r.Long(3),
                    Comments = r.Long(4),
                    DiscussionUrl = r.Text(5),
                    Title = r.TextOrNull(6),
                },
                FirstSeenAt = r.Time(7),
                UpdatedAt = r.Time(8),
            }, cancellationToken);
            foreach (var signal in stored)
            {
                SelectionFacts.Append(signals, signal.ItemId, signal);
            }

            var linked = await session.QueryAsync(
                $"SELECT item_id, mentioned_key FROM item_mentions WHERE item_id {Dialect.InList("@ids")} ORDER BY item_id, mentioned_key",
                a => a.Longs("ids", ids), r => (ItemId: r.Long(0), Key: r.Text(1)), cancellationToken);
            foreach (var (itemId, key) in linked)
            {
                SelectionFacts.Append(mentions, itemId, key);
            }

            return true;
        }, cancellationToken, snapshot: true);

        return new SelectionFacts(revisions, signals, mentions);
    }
}
