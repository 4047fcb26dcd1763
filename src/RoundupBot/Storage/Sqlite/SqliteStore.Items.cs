using System.Globalization;
using Microsoft.Data.Sqlite;
using RoundupBot.Model;

namespace RoundupBot.Storage.Sqlite;

public sealed partial class SqliteStore
{
    private const string WindowFilter =
        "(i.first_seen_at >= $from AND i.first_seen_at < $to)";

    private readonly Lock _pendingLock = new();
    private readonly List<UpsertRequest> _pending = [];

    /// <inheritdoc />
    /// <remarks>
    /// <para>An entry is looked up by canonical key, then by title key (never across two different arXiv ids or two
    /// different DOIs). Found by key: an arXiv item takes the text of a higher version only (a missing version counts
    /// as 0); any other item takes the new text when its content hash changed. Found by title: it only joins, unless
    /// its key is stronger (arXiv over DOI over URL), in which case its text and key replace the item's.</para>
    /// <para>A null <see cref="ItemCandidate.Published"/> never clears a stored one. The same work twice in one
    /// batch is one item; storing the same batch again changes nothing and counts every entry as unchanged.</para>
    /// <para>Calls are serialized; calls that arrive while another is writing are written together in the next
    /// transaction (each rolled back alone if it fails), and each caller gets its own counts.</para>
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

        var request = new UpsertRequest(sourceId, candidates, ToUnixMs(seenAt), cancellationToken);
        lock (_pendingLock)
        {
            _pending.Add(request);
        }

        try
        {
            await _writeLock.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (!request.TryCancel())
        {
            // Another caller's transaction already took this request; its outcome is ours.
            return await request.Task;
        }

        try
        {
            // Another caller may have written this request while we waited for the lock.
            if (!request.Task.IsCompleted)
            {
                WritePendingUpserts();
            }
        }
        finally
        {
            _writeLock.Release();
        }

        return await request.Task;
    }

    /// <summary>
    /// Writes every waiting request in one transaction, each inside its own savepoint so that one failing request
    /// (an unknown source, a cancelled caller) rolls back alone. Callers hold <see cref="_writeLock"/>.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1031:Do not catch general exception types",
        Justification = "Every failure is handed to the waiting callers through their requests, not thrown on one of them.")]
    private void WritePendingUpserts()
    {
        List<UpsertRequest> taken;
        lock (_pendingLock)
        {
            taken = [.. _pending.Where(r => r.TryTake())];
            _pending.Clear();
        }

        if (taken.Count == 0)
        {
            return;
        }

        var results = new (UpsertCounts Counts, Exception? Error)[taken.Count];
        try
        {
            var writer = GetItemWriter();
            using var transaction = GetWriteConnection().BeginTransaction();
            for (var i = 0; i < taken.Count; i++)
            {
                var request = taken[i];
                transaction.Save("upsert");
                try
                {
                    results[i] = (writer.Upsert(transaction, request.SourceId, request.Candidates, request.SeenAt, request.CancellationToken), null);
                    transaction.Release("upsert");
                }
                catch (Exception ex) when (ex is StoreException or OperationCanceledException or SqliteException)
                {
                    writer.Invalidate();
                    transaction.Rollback("upsert");
                    transaction.Release("upsert");
                    results[i] = (default, ex);
                }
            }

            transaction.Commit();
        }
        catch (Exception ex)
        {
            _itemWriter?.Invalidate();
            foreach (var request in taken)
            {
                request.Fail(ex);
            }

            return;
        }

        for (var i = 0; i < taken.Count; i++)
        {
            if (results[i].Error is { } error)
            {
                taken[i].Fail(error);
            }
            else
            {
                taken[i].Complete(results[i].Counts);
            }
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
