using Npgsql;
using NpgsqlTypes;
using RoundupBot.Model;

namespace RoundupBot.Storage.Postgres;

/// <summary>
/// Writes a run of one fetch's entries inside one transaction with the same rules as SQLite's writer
/// (<see cref="ItemMergeRules"/>), made safe for several instances writing at once:
/// <list type="bullet">
/// <item>Each title key the batch carries is locked (a transaction advisory lock on its hash), so two instances never
/// both decide that a title is new and store the same work twice under two keys. Locks are taken in hash order, so two
/// batches never wait on each other in a circle. The store hands a writer at most <see cref="MaxTitleLocks"/> entries
/// (the lock table is small: 64 entries per connection by default); a larger batch would take one exclusive lock
/// instead, which small batches share, and make every other writer wait.</item>
/// <item>The stored items with the batch's keys or titles are then read and row-locked (<c>FOR UPDATE</c>, in id order)
/// into a per-transaction <see cref="ItemKeyIndex"/>, so the decisions need no further reads.</item>
/// <item>A key another instance stores meanwhile (without a title in common) makes <c>INSERT … ON CONFLICT DO NOTHING</c>
/// return nothing: that item is then read, locked, and joined like one found by key.</item>
/// </list>
/// </summary>
internal sealed class PostgresItemWriter(NpgsqlConnection connection, NpgsqlTransaction transaction)
{
    /// <summary>
    /// Above this many distinct titles a batch locks all item writing instead of each title; the store writes a fetch in
    /// runs of at most this many entries, so that never happens.
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

    public async Task<UpsertCounts> UpsertAsync(
        long sourceId, IReadOnlyList<ItemCandidate> candidates, DateTimeOffset seenAt, CancellationToken cancellationToken)
    {
        // FOR KEY SHARE: a removal of this source waits for this batch to commit (and then removes its items too).
        await using (var exists = Command("SELECT 1 FROM sources WHERE id = @id FOR KEY SHARE"))
        {
            exists.Parameters.AddLong("id", sourceId);
            if (await exists.ExecuteScalarAsync(cancellationToken) is null)
            {
                throw new StoreException($"No source has id {sourceId}; it may have been removed while it was being fetched.");
            }
        }

        var index = await LockAndLoadAsync(candidates, cancellationToken);
        var carried = new List<long>(candidates.Count);
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
                    await UpdateAsync(row.Id, candidate, seenAt, cancellationToken);
                    item = ItemMergeRules.Stored(row.Id, candidate) with { PublishedIsNull = row.PublishedIsNull && candidate.Published is null };
                    index.Put(item);
                    updated++;
                }
                else
                {
                    item = row;
                    if (row.PublishedIsNull && candidate.Published is { } published)
                    {
                        await FillPublishedAsync(row.Id, published, cancellationToken);
                        index.Put(row with { PublishedIsNull = false });
                    }

                    unchanged++;
                }
            }

            carried.Add(item.Id);
            foreach (var mentioned in candidate.MentionKeys)
            {
                if (mentioned != item.Key)
                {
                    mentionItems.Add(item.Id);
                    mentionKeys.Add(mentioned);
                }
            }
        }

        // One statement each for every carried-by and mention row; DO NOTHING keeps the first-seen time of a known pair.
        await using (var carry = Command("""
            INSERT INTO item_sources (item_id, source_id, first_seen_at)
            SELECT DISTINCT i, @sourceId, @seenAt FROM unnest(@ids) AS i
            ON CONFLICT (item_id, source_id) DO NOTHING
            """))
        {
            carry.Parameters.AddArray("ids", NpgsqlDbType.Bigint, carried.ToArray());
            carry.Parameters.AddLong("sourceId", sourceId);
            carry.Parameters.AddTime("seenAt", seenAt);
            await carry.ExecuteNonQueryAsync(cancellationToken);
        }

        if (mentionItems.Count > 0)
        {
            await using var mention = Command("""
                INSERT INTO item_mentions (item_id, mentioned_key)
                SELECT DISTINCT m.item_id, m.mentioned_key FROM unnest(@ids, @keys) AS m (item_id, mentioned_key)
                ON CONFLICT (item_id, mentioned_key) DO NOTHING
                """);
            mention.Parameters.AddArray("ids", NpgsqlDbType.Bigint, mentionItems.ToArray());
            mention.Parameters.AddArray("keys", NpgsqlDbType.Text, mentionKeys.ToArray());
            await mention.ExecuteNonQueryAsync(cancellationToken);
        }

        return new UpsertCounts(inserted, updated, unchanged);
    }

    /// <summary>Takes the title locks, then reads and row-locks every stored item with one of the batch's keys or titles.</summary>
    private async Task<ItemKeyIndex> LockAndLoadAsync(IReadOnlyList<ItemCandidate> candidates, CancellationToken cancellationToken)
    {
        var titleHashes = candidates.Where(c => c.TitleKey is not null).Select(c => ItemMergeRules.TitleHash(c.TitleKey!)).Distinct().ToArray();
        var titleLocks = titleHashes.Select(TitleLock).Distinct().Order().ToArray();
        if (titleLocks.Length > MaxTitleLocks)
        {
            await using var all = Command("SELECT pg_advisory_xact_lock(@key)");
            all.Parameters.AddLong("key", ItemWritingLockKey);
            await all.ExecuteNonQueryAsync(cancellationToken);
        }
        else if (titleLocks.Length > 0)
        {
            // The sub-select fixes the order the locks are taken in (ascending), whatever the plan.
            await using var locks = Command("""
                SELECT pg_advisory_xact_lock_shared(@all);
                SELECT pg_advisory_xact_lock(@space, k) FROM (SELECT k FROM unnest(@keys) AS k ORDER BY k) AS sorted
                """);
            locks.Parameters.AddLong("all", ItemWritingLockKey);
            locks.Parameters.AddInt("space", TitleLockSpace);
            locks.Parameters.AddArray("keys", NpgsqlDbType.Integer, titleLocks);
            await locks.ExecuteNonQueryAsync(cancellationToken);
        }
        else
        {
            await using var shared = Command("SELECT pg_advisory_xact_lock_shared(@all)");
            shared.Parameters.AddLong("all", ItemWritingLockKey);
            await shared.ExecuteNonQueryAsync(cancellationToken);
        }

        var index = new ItemKeyIndex();
        await using var load = Command($"""
            SELECT {StoredColumns} FROM items
            WHERE canonical_key = ANY(@keys) OR title_hash = ANY(@hashes)
            ORDER BY id FOR UPDATE
            """);
        load.Parameters.AddArray("keys", NpgsqlDbType.Text, candidates.Select(c => c.CanonicalKey).Distinct(StringComparer.Ordinal).ToArray());
        load.Parameters.AddArray("hashes", NpgsqlDbType.Bigint, titleHashes);
        await using var reader = await load.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            index.Put(ReadStored(reader));
        }

        return index;
    }

    /// <summary>The second half of a title's advisory lock key (the first is <see cref="TitleLockSpace"/>): its hash folded to 32 bits.</summary>
    internal static int TitleLock(long titleHash) => unchecked((int)(titleHash ^ (titleHash >> 32)));

    /// <returns>The new item's id, or null when an item with that key exists already.</returns>
    private async Task<long?> InsertAsync(ItemCandidate candidate, DateTimeOffset seenAt, CancellationToken cancellationToken)
    {
        await using var insert = Command($"""
            INSERT INTO items ({ItemColumns}, first_seen_at, updated_at) VALUES ({ItemValues}, @seenAt, @seenAt)
            ON CONFLICT (canonical_key) DO NOTHING
            RETURNING id
            """);
        BindItem(insert, candidate, seenAt);
        return await insert.ExecuteScalarAsync(cancellationToken) is long id ? id : null;
    }

    private async Task<StoredItem> LockByKeyAsync(string key, CancellationToken cancellationToken)
    {
        await using var find = Command($"SELECT {StoredColumns} FROM items WHERE canonical_key = @key FOR UPDATE");
        find.Parameters.AddText("key", key);
        await using var reader = await find.ExecuteReaderAsync(cancellationToken);
        if (await reader.ReadAsync(cancellationToken))
        {
            return ReadStored(reader);
        }

        // Stored and removed again by others between two statements of ours: rare enough to ask the caller to fetch again.
        throw new StoreException($"The item {key} changed while it was being stored; fetch its source again.");
    }

    private async Task UpdateAsync(long id, ItemCandidate candidate, DateTimeOffset seenAt, CancellationToken cancellationToken)
    {
        await using var update = Command("""
            UPDATE items SET canonical_key = @key, title_key = @titleKey, title_hash = @titleHash, title = @title, link = @link,
                authors = @authors, published_at = COALESCE(@publishedAt, published_at), summary = @summary, categories = @categories,
                arxiv_id = @arxivId, arxiv_version = @arxivVersion, doi = COALESCE(@doi, doi), comment = @comment,
                content_hash = @hash, updated_at = @seenAt
            WHERE id = @id
            """);
        BindItem(update, candidate, seenAt);
        update.Parameters.AddLong("id", id);
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task FillPublishedAsync(long id, DateTimeOffset published, CancellationToken cancellationToken)
    {
        await using var fill = Command("UPDATE items SET published_at = @publishedAt WHERE id = @id AND published_at IS NULL");
        fill.Parameters.AddTime("publishedAt", published);
        fill.Parameters.AddLong("id", id);
        await fill.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void BindItem(NpgsqlCommand command, ItemCandidate candidate, DateTimeOffset seenAt)
    {
        var p = command.Parameters;
        p.AddText("key", candidate.CanonicalKey);
        p.AddText("titleKey", candidate.TitleKey);
        p.Add(new NpgsqlParameter("titleHash", NpgsqlDbType.Bigint)
        {
            Value = candidate.TitleKey is null ? DBNull.Value : ItemMergeRules.TitleHash(candidate.TitleKey),
        });
        p.AddText("title", candidate.Title);
        p.AddText("link", candidate.Link);
        p.AddJson("authors", PostgresStore.ToJson(candidate.Authors));
        p.AddTime("publishedAt", candidate.Published);
        p.AddText("summary", candidate.Summary);
        p.AddJson("categories", PostgresStore.ToJson(candidate.Categories));
        p.AddText("arxivId", candidate.ArxivId);
        p.AddInt("arxivVersion", candidate.ArxivVersion);
        p.AddText("doi", candidate.Doi);
        p.AddText("comment", candidate.Comment);
        p.AddText("hash", candidate.ContentHash);
        p.AddTime("seenAt", seenAt);
    }

    private static StoredItem ReadStored(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.ReadNullableString(2),
        reader.ReadNullableInt(3),
        reader.GetString(4),
        reader.GetBoolean(5));

    private NpgsqlCommand Command(string sql) => new(sql, connection, transaction);
}
