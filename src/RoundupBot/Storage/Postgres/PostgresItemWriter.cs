using Npgsql;
using NpgsqlTypes;
using RoundupBot.Model;

namespace RoundupBot.Storage.Postgres;

/// <summary>
/// PostgreSQL's <see cref="IItemWriter"/>: the same rules as SQLite's writer (<see cref="ItemMergeRules"/>), made safe
/// for several instances writing at once:
/// <list type="bullet">
/// <item>A fetch is written in runs of at most <see cref="MaxTitleLocks"/> entries, each run one transaction (run again
/// from the start if it deadlocks with another instance's) that locks only its own titles. In one transaction, a feed
/// with more titles than that (an arXiv listing has hundreds) had to lock all item writing, and every other writer, on
/// every instance, waited for it: fetching did not spread. A run sees the items the runs before it stored, so the
/// outcome is the same as one transaction's; a failure part-way leaves the earlier runs stored, and the next fetch of
/// the feed (its validators are saved only after this call) stores the rest.</item>
/// <item>Each title key a run carries is locked (a transaction advisory lock on its hash), so two instances never
/// both decide that a title is new and store the same work twice under two keys. Locks are taken in hash order, so two
/// runs never wait on each other in a circle (the lock table is small: 64 entries per connection by default; a larger
/// run would take one exclusive lock instead, which small runs share, and make every other writer wait).</item>
/// <item>The stored items with the run's keys or titles are then read and row-locked (<c>FOR UPDATE</c>, in id order)
/// into a per-transaction <see cref="ItemKeyIndex"/>, so the decisions need no further reads.</item>
/// <item>A key another instance stores meanwhile (without a title in common) makes <c>INSERT … ON CONFLICT DO NOTHING</c>
/// return nothing: that item is then read, locked, and joined like one found by key.</item>
/// </list>
/// </summary>
internal sealed class PostgresItemWriter(PostgresExecutor executor) : IItemWriter
{
    /// <summary>
    /// Above this many distinct titles a run locks all item writing instead of each title; a fetch is written in runs
    /// of at most this many entries, so that never happens.
    /// </summary>
    internal const int MaxTitleLocks = 128;

    // Advisory lock keys of ours. Title locks use the two-int form (this space, a title hash folded to 32 bits): a
    // collision only makes two unrelated titles wait for each other. "RBIW": all item writing, shared or exclusive.
    internal const int TitleLockSpace = 0x5242_5449;
    internal const long ItemWritingLockKey = 0x5242_4957;

    private const string StoredColumns = "id, canonical_key, title_key, arxiv_version, content_hash, published_at IS NULL";

    private const string ItemColumns =
        "canonical_key, title_key, title_hash, title, link, authors, published_at, summary, categories, arxiv_id, arxiv_version, doi, comment, content_hash";

    private const string ItemValues =
        "@key, @titleKey, @titleHash, @title, @link, @authors, @publishedAt, @summary, @categories, @arxivId, @arxivVersion, @doi, @comment, @hash";

    public async Task<UpsertCounts> UpsertAsync(long sourceId, IReadOnlyList<ItemCandidate> candidates, DateTimeOffset seenAt, CancellationToken cancellationToken)
    {
        var total = default(UpsertCounts);
        foreach (var run in candidates.Chunk(MaxTitleLocks))
        {
            var counts = await executor.WriteAsync("storing items", session =>
                new Run(session).UpsertAsync(sourceId, run, seenAt, cancellationToken),
                cancellationToken);
            total = new UpsertCounts(total.Inserted + counts.Inserted, total.Updated + counts.Updated, total.Unchanged + counts.Unchanged);
        }

        return total;
    }

    /// <inheritdoc />
    /// <remarks>Nothing is kept between transactions, so nothing goes stale.</remarks>
    public void ItemsRemoved()
    {
    }

    /// <summary>The title key's advisory lock (the first half is <see cref="TitleLockSpace"/>): its hash folded to 32 bits.</summary>
    internal static int TitleLock(long titleHash) => unchecked((int)(titleHash ^ (titleHash >> 32)));

    /// <summary>One run's transaction.</summary>
    private sealed class Run(SqlSession session)
    {
        public async Task<UpsertCounts> UpsertAsync(long sourceId, ItemCandidate[] candidates, DateTimeOffset seenAt, CancellationToken cancellationToken)
        {
            // FOR KEY SHARE: a removal of this source waits for this run to commit (and then removes its items too).
            if (await session.ScalarAsync("SELECT 1 FROM sources WHERE id = @id FOR KEY SHARE", a => a.Long("id", sourceId), cancellationToken) is null)
            {
                throw new StoreException($"No source has id {sourceId}; it may have been removed while it was being fetched.");
            }

            var index = await LockAndLoadAsync(candidates, cancellationToken);
            var carried = new List<long>(candidates.Length);
            var mentionItems = new List<long>();
            var mentionKeys = new List<string>();
            int inserted = 0, updated = 0, unchanged = 0;
            foreach (var candidate in candidates)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var existing = index.FindByKey(candidate.CanonicalKey);
                var byKey = existing is not null;
                if (existing is null && candidate.TitleKey is not null)
                {
                    existing = ItemMergeRules.FindTitleMatch(index.FindByTitle(candidate.TitleKey), candidate);
                }

                StoredItem item;
                if (existing is null && await InsertAsync(candidate, seenAt, cancellationToken) is { } id)
                {
                    item = ItemMergeRules.Stored(id, candidate);
                    index.Put(item);
                    inserted++;
                }
                else
                {
                    if (existing is null)
                    {
                        // Another instance stored this key after our lookup (and committed: ON CONFLICT waited for it).
                        existing = await LockByKeyAsync(candidate.CanonicalKey, cancellationToken);
                        byKey = true;
                        index.Put(existing.Value);
                    }

                    var row = existing.Value;
                    if (ItemMergeRules.ReplacesText(candidate, row, byKey))
                    {
                        await session.ExecuteAsync("""
                            UPDATE items SET canonical_key = @key, title_key = @titleKey, title_hash = @titleHash, title = @title, link = @link,
                                authors = @authors, published_at = COALESCE(@publishedAt, published_at), summary = @summary, categories = @categories,
                                arxiv_id = @arxivId, arxiv_version = @arxivVersion, doi = COALESCE(@doi, doi), comment = @comment,
                                content_hash = @hash, updated_at = @seenAt
                            WHERE id = @id
                            """, a => BindItem(a.Long("id", row.Id), candidate, seenAt), cancellationToken);
                        item = ItemMergeRules.Stored(row.Id, candidate) with { PublishedIsNull = row.PublishedIsNull && candidate.Published is null };
                        index.Put(item);
                        updated++;
                    }
                    else
                    {
                        item = row;
                        if (row.PublishedIsNull && candidate.Published is { } published)
                        {
                            await session.ExecuteAsync("UPDATE items SET published_at = @publishedAt WHERE id = @id AND published_at IS NULL",
                                a => a.Time("publishedAt", published).Long("id", row.Id), cancellationToken);
                            index.Put(row with { PublishedIsNull = false });
                        }

                        unchanged++;
                    }
                }

                carried.Add(item.Id);
                foreach (var mentioned in candidate.MentionKeys.Where(k => k != item.Key))
                {
                    mentionItems.Add(item.Id);
                    mentionKeys.Add(mentioned);
                }
            }

            // One statement each for every carried-by and mention row; DO NOTHING keeps the first-seen time of a known pair.
            await session.ExecuteAsync("""
                INSERT INTO item_sources (item_id, source_id, first_seen_at)
                SELECT DISTINCT i, @sourceId, @seenAt FROM unnest(@ids) AS i
                ON CONFLICT (item_id, source_id) DO NOTHING
                """, a => a.Longs("ids", [.. carried]).Long("sourceId", sourceId).Time("seenAt", seenAt), cancellationToken);
            if (mentionItems.Count > 0)
            {
                await session.ExecuteAsync("""
                    INSERT INTO item_mentions (item_id, mentioned_key)
                    SELECT DISTINCT m.item_id, m.mentioned_key FROM unnest(@ids, @keys) AS m (item_id, mentioned_key)
                    ON CONFLICT (item_id, mentioned_key) DO NOTHING
                    """, a => a.Longs("ids", [.. mentionItems]).Texts("keys", [.. mentionKeys]), cancellationToken);
            }

            return new UpsertCounts(inserted, updated, unchanged);
        }

        /// <summary>Takes the title locks, then reads and row-locks every stored item with one of the run's keys or titles.</summary>
        private async Task<ItemKeyIndex> LockAndLoadAsync(ItemCandidate[] candidates, CancellationToken cancellationToken)
        {
            var titleHashes = candidates.Where(c => c.TitleKey is not null).Select(c => ItemMergeRules.TitleHash(c.TitleKey!)).Distinct().ToArray();
            var titleLocks = titleHashes.Select(TitleLock).Distinct().Order().ToArray();
            if (titleLocks.Length > MaxTitleLocks)
            {
                await session.ExecuteAsync("SELECT pg_advisory_xact_lock(@key)", a => a.Long("key", ItemWritingLockKey), cancellationToken);
            }
            else if (titleLocks.Length > 0)
            {
                // The sub-select fixes the order the locks are taken in (ascending), whatever the plan.
                await using var locks = new NpgsqlCommand("""
                    SELECT pg_advisory_xact_lock_shared(@all);
                    SELECT pg_advisory_xact_lock(@space, k) FROM (SELECT k FROM unnest(@keys) AS k ORDER BY k) AS sorted
                    """, (NpgsqlConnection)session.Connection, (NpgsqlTransaction?)session.Transaction);
                locks.Parameters.Add(new NpgsqlParameter<long>("all", NpgsqlDbType.Bigint) { TypedValue = ItemWritingLockKey });
                locks.Parameters.Add(new NpgsqlParameter<int>("space", NpgsqlDbType.Integer) { TypedValue = TitleLockSpace });
                locks.Parameters.Add(new NpgsqlParameter<int[]>("keys", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = titleLocks });
                await locks.ExecuteNonQueryAsync(cancellationToken);
            }
            else
            {
                await session.ExecuteAsync("SELECT pg_advisory_xact_lock_shared(@all)", a => a.Long("all", ItemWritingLockKey), cancellationToken);
            }

            var index = new ItemKeyIndex();
            foreach (var row in await session.QueryAsync(
                $"SELECT {StoredColumns} FROM items WHERE canonical_key = ANY(@keys) OR title_hash = ANY(@hashes) ORDER BY id FOR UPDATE",
                a => a.Texts("keys", [.. candidates.Select(c => c.CanonicalKey).Distinct(StringComparer.Ordinal)]).Longs("hashes", titleHashes),
                ReadStored, cancellationToken))
            {
                index.Put(row);
            }

            return index;
        }

        /// <returns>The new item's id, or null when an item with that key exists already.</returns>
        private async Task<long?> InsertAsync(ItemCandidate candidate, DateTimeOffset seenAt, CancellationToken cancellationToken) =>
            await session.ScalarAsync($"""
                INSERT INTO items ({ItemColumns}, first_seen_at, updated_at) VALUES ({ItemValues}, @seenAt, @seenAt)
                ON CONFLICT (canonical_key) DO NOTHING
                RETURNING id
                """, a => BindItem(a, candidate, seenAt), cancellationToken) as long?;

        private async Task<StoredItem> LockByKeyAsync(string key, CancellationToken cancellationToken)
        {
            var rows = await session.QueryAsync($"SELECT {StoredColumns} FROM items WHERE canonical_key = @key FOR UPDATE",
                a => a.Text("key", key), ReadStored, cancellationToken);
            // Stored and removed again by others between two statements of ours: rare enough to ask the caller to fetch again.
            return rows.Count > 0 ? rows[0] : throw new StoreException($"The item {key} changed while it was being stored; fetch its source again.");
        }

        private static void BindItem(SqlArgs a, ItemCandidate candidate, DateTimeOffset seenAt) => a
            .Text("key", candidate.CanonicalKey)
            .Text("titleKey", candidate.TitleKey)
            .Add("titleHash", SqlType.Long, candidate.TitleKey is null ? null : ItemMergeRules.TitleHash(candidate.TitleKey))
            .Text("title", candidate.Title)
            .Text("link", candidate.Link)
            .Json("authors", SqlStore.ToJson(candidate.Authors))
            .Time("publishedAt", candidate.Published)
            .Text("summary", candidate.Summary)
            .Json("categories", SqlStore.ToJson(candidate.Categories))
            .Text("arxivId", candidate.ArxivId)
            .Int("arxivVersion", candidate.ArxivVersion)
            .Text("doi", candidate.Doi)
            .Text("comment", candidate.Comment)
            .Text("hash", candidate.ContentHash)
            .Time("seenAt", seenAt);

        private static StoredItem ReadStored(SqlRow r) => new(r.Long(0), r.Text(1), r.TextOrNull(2), r.IntOrNull(3), r.Text(4), r.Bool(5));
    }
}
