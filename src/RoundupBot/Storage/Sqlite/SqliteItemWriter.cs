using Microsoft.Data.Sqlite;
using RoundupBot.Model;

namespace RoundupBot.Storage.Sqlite;

/// <summary>
/// The prepared statements <see cref="SqliteStore.UpsertItemsAsync"/> reuses for every candidate, and the merge rules.
/// Bound to the store's write connection; only used while the store's write lock is held.
/// </summary>
internal sealed class SqliteItemWriter : IDisposable
{
    private const string ItemValues =
        "$key, $titleKey, $titleHash, $title, $link, $authors, $publishedAt, $summary, $categories, $arxivId, $arxivVersion, $doi, $comment, $hash";

    private const int UpdateIdIndex = 15;
    private const string StoredColumns = "id, canonical_key, title_key, arxiv_version, content_hash, published_at IS NULL";

    // Above this many items the in-memory index costs more memory than its speed is worth; lookups go to SQL.
    private const int MaxIndexedItems = 250_000;

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _sourceExists;
    private readonly SqliteCommand _findByKey;
    private readonly SqliteCommand _findByTitle;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _update;
    private readonly SqliteCommand _fillPublished;
    private readonly SqliteCommand _carry;
    private readonly SqliteCommand _mention;
    private ItemKeyIndex? _index;
    private long _indexDataVersion;
    private bool _indexTooLarge;

    public SqliteItemWriter(SqliteConnection connection)
    {
        _connection = connection;
        _sourceExists = Command("SELECT 1 FROM sources WHERE id = $id", "$id");
        _findByKey = Command(
            $"SELECT {StoredColumns} FROM items WHERE canonical_key = $key", "$key");
        _findByTitle = Command(
            $"SELECT {StoredColumns} FROM items " +
            "WHERE title_hash = $titleHash AND title_key = $titleKey ORDER BY id",
            "$titleHash", "$titleKey");
        _insert = Command(
            "INSERT INTO items (canonical_key, title_key, title_hash, title, link, authors, published_at, summary, categories, arxiv_id, " +
            $"arxiv_version, doi, comment, content_hash, first_seen_at, updated_at) VALUES ({ItemValues}, $seenAt, $seenAt)",
            ItemParameters("$seenAt"));
        _update = Command(
            "UPDATE items SET canonical_key = $key, title_key = $titleKey, title_hash = $titleHash, title = $title, link = $link, authors = $authors, " +
            "published_at = COALESCE($publishedAt, published_at), summary = $summary, categories = $categories, " +
            "arxiv_id = $arxivId, arxiv_version = $arxivVersion, doi = COALESCE($doi, doi), comment = $comment, " +
            "content_hash = $hash, updated_at = $seenAt WHERE id = $id",
            ItemParameters("$seenAt", "$id"));
        _fillPublished = Command("UPDATE items SET published_at = $publishedAt WHERE id = $id AND published_at IS NULL", "$publishedAt", "$id");
        _carry = Command(
            "INSERT INTO item_sources (item_id, source_id, first_seen_at) VALUES ($itemId, $sourceId, $seenAt) " +
            "ON CONFLICT (item_id, source_id) DO NOTHING",
            "$itemId", "$sourceId", "$seenAt");
        _mention = Command(
            "INSERT INTO item_mentions (item_id, mentioned_key) VALUES ($itemId, $key) ON CONFLICT (item_id, mentioned_key) DO NOTHING",
            "$itemId", "$key");
    }

    /// <summary>Stores one batch inside <paramref name="transaction"/>; see <see cref="SqliteStore.UpsertItemsAsync"/> for the rules.</summary>
    public UpsertCounts Upsert(
        SqliteTransaction transaction, long sourceId, IReadOnlyList<ItemCandidate> candidates, long seenAt, CancellationToken cancellationToken)
    {
        foreach (var command in All())
        {
            command.Transaction = transaction;
        }

        _sourceExists.Parameters[0].Value = sourceId;
        if (_sourceExists.ExecuteScalar() is null)
        {
            throw new StoreException($"No source has id {sourceId}; it may have been removed while it was being fetched.");
        }

        var index = CurrentIndex();
        _carry.Parameters[1].Value = sourceId;
        _carry.Parameters[2].Value = seenAt;
        int inserted = 0, updated = 0, unchanged = 0;
        foreach (var candidate in candidates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            StoredItem item;
            var existing = index is not null ? index.FindByKey(candidate.CanonicalKey) : Find(_findByKey, candidate.CanonicalKey);
            var byKey = existing is not null;
            if (existing is null && candidate.TitleKey is not null)
            {
                existing = FindTitleMatch(index, candidate);
            }

            if (existing is not { } row)
            {
                BindItem(_insert, candidate, seenAt);
                _insert.ExecuteNonQuery();
                // Not RETURNING id: through Microsoft.Data.Sqlite it made each insert three times slower (measured).
                // Safe because only this connection writes, under the store's write lock, and no trigger inserts.
                item = ItemMergeRules.Stored(SQLitePCL.raw.sqlite3_last_insert_rowid(_connection.Handle), candidate);
                index?.Put(item);
                inserted++;
            }
            else if (ItemMergeRules.ReplacesText(candidate, row, byKey))
            {
                BindItem(_update, candidate, seenAt);
                _update.Parameters[UpdateIdIndex].Value = row.Id;
                _update.ExecuteNonQuery();
                item = ItemMergeRules.Stored(row.Id, candidate) with { PublishedIsNull = row.PublishedIsNull && candidate.Published is null };
                index?.Put(item);
                updated++;
            }
            else
            {
                item = row;
                if (row.PublishedIsNull && candidate.Published is { } published)
                {
                    _fillPublished.Parameters[0].Value = published.ToUnixTimeMilliseconds();
                    _fillPublished.Parameters[1].Value = row.Id;
                    _fillPublished.ExecuteNonQuery();
                    index?.Put(row with { PublishedIsNull = false });
                }

                unchanged++;
            }

            if (index is null || index.AddCarried(item.Id, sourceId))
            {
                _carry.Parameters[0].Value = item.Id;
                _carry.ExecuteNonQuery();
            }

            foreach (var mentioned in candidate.MentionKeys)
            {
                if (mentioned == item.Key)
                {
                    continue;
                }

                _mention.Parameters[0].Value = item.Id;
                _mention.Parameters[1].Value = mentioned;
                _mention.ExecuteNonQuery();
            }
        }

        return new UpsertCounts(inserted, updated, unchanged);
    }

    public void Dispose()
    {
        foreach (var command in All())
        {
            command.Dispose();
        }
    }

    private StoredItem? FindTitleMatch(ItemKeyIndex? index, ItemCandidate candidate) =>
        ItemMergeRules.FindTitleMatch(index?.FindByTitle(candidate.TitleKey!) ?? QueryByTitle(candidate.TitleKey!), candidate);

    private List<StoredItem> QueryByTitle(string titleKey)
    {
        _findByTitle.Parameters[0].Value = ItemMergeRules.TitleHash(titleKey);
        _findByTitle.Parameters[1].Value = titleKey;
        using var reader = _findByTitle.ExecuteReader();
        var rows = new List<StoredItem>();
        while (reader.Read())
        {
            rows.Add(ReadExisting(reader));
        }

        return rows;
    }

    /// <summary>Forgets the in-memory index; the next upsert reloads it. Call after anything that may have rolled back or deleted items.</summary>
    public void Invalidate()
    {
        _index = null;
        _indexTooLarge = false;
    }

    /// <summary>
    /// The in-memory index, (re)loaded when missing or when another connection committed since it was built
    /// (<c>PRAGMA data_version</c> moves only for other connections' commits); null when the database is too large for it.
    /// </summary>
    private ItemKeyIndex? CurrentIndex()
    {
        var dataVersion = Scalar("PRAGMA data_version");
        if (dataVersion != _indexDataVersion)
        {
            Invalidate();
            _indexDataVersion = dataVersion;
        }

        if (_index is not null || _indexTooLarge)
        {
            return _index;
        }

        if (Scalar("SELECT COUNT(*) FROM items") > MaxIndexedItems)
        {
            _indexTooLarge = true;
            return null;
        }

        var index = new ItemKeyIndex();
        using (var items = _connection.CreateCommand())
        {
            items.Transaction = _findByKey.Transaction;
            items.CommandText = $"SELECT {StoredColumns} FROM items";
            using var reader = items.ExecuteReader();
            while (reader.Read())
            {
                index.Put(ReadExisting(reader));
            }
        }

        using (var carried = _connection.CreateCommand())
        {
            carried.Transaction = _findByKey.Transaction;
            carried.CommandText = "SELECT item_id, source_id FROM item_sources";
            using var reader = carried.ExecuteReader();
            while (reader.Read())
            {
                index.AddCarried(reader.GetInt64(0), reader.GetInt64(1));
            }
        }

        _index = index;
        return index;
    }

    private long Scalar(string sql)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = _findByKey.Transaction;
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private static StoredItem? Find(SqliteCommand command, string value)
    {
        command.Parameters[0].Value = value;
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadExisting(reader) : null;
    }

    private static StoredItem ReadExisting(SqliteDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.IsDBNull(2) ? null : reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetInt32(3),
        reader.GetString(4),
        reader.GetInt64(5) != 0);

    // Parameters are set by position (the order ItemParameters declares): a name lookup per value is measurable
    // at tens of thousands of rows per second.
    private static void BindItem(SqliteCommand command, ItemCandidate candidate, long seenAt)
    {
        var p = command.Parameters;
        p[0].Value = candidate.CanonicalKey;
        p[1].Value = SqliteStore.ToDb(candidate.TitleKey);
        p[2].Value = candidate.TitleKey is null ? DBNull.Value : ItemMergeRules.TitleHash(candidate.TitleKey);
        p[3].Value = candidate.Title;
        p[4].Value = candidate.Link;
        p[5].Value = SqliteStore.ToJson(candidate.Authors);
        p[6].Value = SqliteStore.ToDb(candidate.Published);
        p[7].Value = candidate.Summary;
        p[8].Value = SqliteStore.ToJson(candidate.Categories);
        p[9].Value = SqliteStore.ToDb(candidate.ArxivId);
        p[10].Value = SqliteStore.ToDb(candidate.ArxivVersion);
        p[11].Value = SqliteStore.ToDb(candidate.Doi);
        p[12].Value = SqliteStore.ToDb(candidate.Comment);
        p[13].Value = candidate.ContentHash;
        p[14].Value = seenAt;
    }

    private static string[] ItemParameters(params string[] extra) =>
    [
        "$key", "$titleKey", "$titleHash", "$title", "$link", "$authors", "$publishedAt", "$summary", "$categories",
        "$arxivId", "$arxivVersion", "$doi", "$comment", "$hash", .. extra,
    ];

    private SqliteCommand Command(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter(name, DBNull.Value));
        }

        return command;
    }

    private IEnumerable<SqliteCommand> All() =>
        [_sourceExists, _findByKey, _findByTitle, _insert, _update, _fillPublished, _carry, _mention];

}
