using System.Globalization;
using RoundupBot.Model;

namespace RoundupBot.Storage.Sqlite;

public sealed partial class SqliteStore
{
    private const string WindowFilter =
        "((i.first_seen_at >= $from AND i.first_seen_at < $to) OR (i.published_at >= $from AND i.published_at < $to))";

    /// <inheritdoc />
    /// <remarks>
    /// <para>An entry is looked up by canonical key, then by title key (never across two different arXiv ids or two
    /// different DOIs). Found by key: an arXiv item takes the text of a higher version only (a missing version counts
    /// as 0); any other item takes the new text when its content hash changed. Found by title: it only joins, unless
    /// its key is stronger (arXiv over DOI over URL), in which case its text and key replace the item's.</para>
    /// <para>A null <see cref="ItemCandidate.Published"/> never clears a stored one. The same work twice in one
    /// batch is one item; storing the same batch again changes nothing and counts every entry as unchanged.</para>
    /// <para>Calls are serialized: concurrent fetches wait for each other's transaction.</para>
    /// </remarks>
    /// <exception cref="StoreException">No source has id <paramref name="sourceId"/>; nothing is stored.</exception>
    public async Task<UpsertCounts> UpsertItemsAsync(
        long sourceId, IReadOnlyList<ItemCandidate> candidates, DateTimeOffset seenAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        if (candidates.Count == 0)
        {
            return default;
        }

        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var writer = GetItemWriter();
            using var transaction = GetWriteConnection().BeginTransaction();
            var counts = writer.Upsert(transaction, sourceId, candidates, ToUnixMs(seenAt), cancellationToken);
            transaction.Commit();
            return counts;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    /// <remarks>Newest first: by published time, else first-seen time, then by id.</remarks>
    public async Task<IReadOnlyList<Item>> ListItemsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var connection = Open();
        var sourceIds = new Dictionary<long, List<long>>();
        await using (var carried = connection.CreateCommand())
        {
            carried.CommandText =
                $"SELECT x.item_id, x.source_id FROM item_sources x JOIN items i ON i.id = x.item_id WHERE {WindowFilter} ORDER BY x.item_id, x.source_id";
            carried.Parameters.AddWithValue("$from", ToUnixMs(from));
            carried.Parameters.AddWithValue("$to", ToUnixMs(to));
            await using var reader = await carried.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var itemId = reader.GetInt64(0);
                if (!sourceIds.TryGetValue(itemId, out var list))
                {
                    sourceIds[itemId] = list = [];
                }

                list.Add(reader.GetInt64(1));
            }
        }

        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT i.id, i.canonical_key, i.title, i.link, i.authors, i.published_at, i.first_seen_at, i.updated_at, i.summary,
                i.categories, i.arxiv_id, i.arxiv_version, i.doi, i.comment, i.content_hash,
                (SELECT COUNT(DISTINCT m.item_id) FROM item_mentions m WHERE m.mentioned_key = i.canonical_key AND m.item_id <> i.id)
            FROM items i
            WHERE {WindowFilter}
            ORDER BY COALESCE(i.published_at, i.first_seen_at) DESC, i.id
            """;
        command.Parameters.AddWithValue("$from", ToUnixMs(from));
        command.Parameters.AddWithValue("$to", ToUnixMs(to));
        await using var items = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<Item>();
        while (await items.ReadAsync(cancellationToken))
        {
            var id = items.GetInt64(0);
            result.Add(new Item
            {
                Id = id,
                CanonicalKey = items.GetString(1),
                Title = items.GetString(2),
                Link = items.GetString(3),
                Authors = FromJsonList(items.GetString(4)),
                Published = ReadTime(items, 5),
                FirstSeenAt = FromUnixMs(items.GetInt64(6)),
                UpdatedAt = FromUnixMs(items.GetInt64(7)),
                Summary = items.GetString(8),
                Categories = FromJsonList(items.GetString(9)),
                ArxivId = ReadString(items, 10),
                ArxivVersion = items.IsDBNull(11) ? null : items.GetInt32(11),
                Doi = ReadString(items, 12),
                Comment = ReadString(items, 13),
                ContentHash = items.GetString(14),
                SourceIds = sourceIds.TryGetValue(id, out var carriedBy) ? carriedBy : [],
                MentionCount = items.GetInt32(15),
            });
        }

        return result;
    }

    /// <inheritdoc />
    public async Task<int> CountItemsAsync(CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM items";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }
}
