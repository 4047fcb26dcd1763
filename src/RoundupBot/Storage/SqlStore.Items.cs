using RoundupBot.Model;

namespace RoundupBot.Storage;

public abstract partial class SqlStore
{
    private const string WindowFilter = "(i.first_seen_at >= @from AND i.first_seen_at < @to)";

    /// <inheritdoc />
    /// <remarks>
    /// <para>An entry is looked up by canonical key, then by title key (never across two different arXiv ids or two
    /// different DOIs). Found by key: an arXiv item takes the text of a higher version only (a missing version counts
    /// as 0); any other item takes the new text when its content hash changed. Found by title: it only joins, unless
    /// its key is stronger (arXiv over DOI over URL), in which case its text and key replace the item's (the rules are
    /// <see cref="ItemMergeRules"/>').</para>
    /// <para>A null <see cref="ItemCandidate.Published"/> never clears a stored one. The same work twice in one
    /// batch is one item; storing the same batch again changes nothing and counts every entry as unchanged.</para>
    /// </remarks>
    /// <exception cref="StoreException">No source has id <paramref name="sourceId"/>; nothing (more) is stored.</exception>
    public Task<UpsertCounts> UpsertItemsAsync(long sourceId, IReadOnlyList<ItemCandidate> candidates, DateTimeOffset seenAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        return candidates.Count == 0 ? Task.FromResult(default(UpsertCounts)) : _items.UpsertAsync(sourceId, candidates, seenAt, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>Newest first: by published time, else first-seen time, then by id.</remarks>
    public Task<IReadOnlyList<Item>> ListItemsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        // One snapshot: the carried-by rows and the items agree, whoever commits in between.
        _executor.ReadAsync<IReadOnlyList<Item>>("reading items", async session =>
        {
            void Window(SqlArgs a) => a.Time("from", from).Time("to", to);
            var sourceIds = new Dictionary<long, List<long>>();
            foreach (var (itemId, sourceId) in await session.QueryAsync(
                $"SELECT x.item_id, x.source_id FROM item_sources x JOIN items i ON i.id = x.item_id WHERE {WindowFilter} ORDER BY x.item_id, x.source_id",
                Window, r => (r.Long(0), r.Long(1)), cancellationToken))
            {
                if (!sourceIds.TryGetValue(itemId, out var list))
                {
                    sourceIds[itemId] = list = [];
                }

                list.Add(sourceId);
            }

            return await session.QueryAsync($"""
                SELECT i.id, i.canonical_key, i.title, i.link, i.authors, i.published_at, i.first_seen_at, i.updated_at, i.summary,
                    i.categories, i.arxiv_id, i.arxiv_version, i.doi, i.comment, i.content_hash,
                    (SELECT COUNT(DISTINCT m.item_id) FROM item_mentions m WHERE m.mentioned_key = i.canonical_key AND m.item_id <> i.id)
                FROM items i
                WHERE {WindowFilter}
                ORDER BY COALESCE(i.published_at, i.first_seen_at) DESC, i.id
                """, Window, r => new Item
            {
                Id = r.Long(0),
                CanonicalKey = r.Text(1),
                Title = r.Text(2),
                Link = r.Text(3),
                Authors = FromJsonList(r.Text(4)),
                Published = r.TimeOrNull(5),
                FirstSeenAt = r.Time(6),
                UpdatedAt = r.Time(7),
                Summary = r.Text(8),
                Categories = FromJsonList(r.Text(9)),
                ArxivId = r.TextOrNull(10),
                ArxivVersion = r.IntOrNull(11),
                Doi = r.TextOrNull(12),
                Comment = r.TextOrNull(13),
                ContentHash = r.Text(14),
                SourceIds = sourceIds.TryGetValue(r.Long(0), out var carriedBy) ? carriedBy : [],
                MentionCount = r.Count(15),
            }, cancellationToken);
        }, cancellationToken, snapshot: true);

    /// <inheritdoc />
    public async Task<int> CountItemsAsync(CancellationToken cancellationToken) =>
        (int)await _executor.ReadAsync("counting items", session => session.ScalarLongAsync("SELECT COUNT(*) FROM items", null, cancellationToken), cancellationToken);
}
