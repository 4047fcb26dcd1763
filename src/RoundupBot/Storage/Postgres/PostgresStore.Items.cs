using System.Data;
using RoundupBot.Model;

namespace RoundupBot.Storage.Postgres;

public sealed partial class PostgresStore
{
    private const string WindowFilter = "(i.first_seen_at >= @from AND i.first_seen_at < @to)";

    /// <inheritdoc />
    /// <remarks>
    /// <para>The rules are SQLite's (see <c>SqliteStore.UpsertItemsAsync</c> and <see cref="ItemMergeRules"/>); how they
    /// stay right with several instances storing at once is <see cref="PostgresItemWriter"/>'s to explain.</para>
    /// <para>The entries are written in runs of at most <see cref="PostgresItemWriter.MaxTitleLocks"/>, each run one
    /// transaction (run again from the start if it deadlocks with another instance's) that locks only its own titles. In
    /// one transaction, a feed with more titles than that (an arXiv listing has hundreds) had to lock all item writing,
    /// and every other writer, on every instance, waited for it: fetching did not spread. A run sees the items the runs
    /// before it stored, so the outcome is the same as one transaction's; a failure part-way leaves the earlier runs
    /// stored, and the next fetch of the feed (its validators are saved only after this call) stores the rest.</para>
    /// </remarks>
    /// <exception cref="StoreException">No source has id <paramref name="sourceId"/>; nothing more is stored.</exception>
    public async Task<UpsertCounts> UpsertItemsAsync(
        long sourceId, IReadOnlyList<ItemCandidate> candidates, DateTimeOffset seenAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var total = default(UpsertCounts);
        foreach (var run in candidates.Chunk(PostgresItemWriter.MaxTitleLocks))
        {
            var counts = await InTransactionAsync(
                "storing items",
                (connection, transaction) => new PostgresItemWriter(connection, transaction).UpsertAsync(sourceId, run, seenAt, cancellationToken),
                cancellationToken);
            total = new UpsertCounts(total.Inserted + counts.Inserted, total.Updated + counts.Updated, total.Unchanged + counts.Unchanged);
        }

        return total;
    }

    /// <inheritdoc />
    /// <remarks>Newest first: by published time, else first-seen time, then by id.</remarks>
    public Task<IReadOnlyList<Item>> ListItemsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        // Repeatable read: the carried-by rows and the items come from one snapshot, whoever commits in between.
        InTransactionAsync<IReadOnlyList<Item>>("reading items", async (connection, transaction) =>
        {
            var sourceIds = new Dictionary<long, List<long>>();
            await using (var carried = Command(connection, transaction,
                $"SELECT x.item_id, x.source_id FROM item_sources x JOIN items i ON i.id = x.item_id WHERE {WindowFilter} ORDER BY x.item_id, x.source_id"))
            {
                carried.Parameters.AddTime("from", from);
                carried.Parameters.AddTime("to", to);
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

            await using var command = Command(connection, transaction, $"""
                SELECT i.id, i.canonical_key, i.title, i.link, i.authors, i.published_at, i.first_seen_at, i.updated_at, i.summary,
                    i.categories, i.arxiv_id, i.arxiv_version, i.doi, i.comment, i.content_hash,
                    (SELECT COUNT(DISTINCT m.item_id)::integer FROM item_mentions m WHERE m.mentioned_key = i.canonical_key AND m.item_id <> i.id)
                FROM items i
                WHERE {WindowFilter}
                ORDER BY COALESCE(i.published_at, i.first_seen_at) DESC, i.id
                """);
            command.Parameters.AddTime("from", from);
            command.Parameters.AddTime("to", to);
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
                    Published = items.ReadNullableTime(5),
                    FirstSeenAt = items.ReadTime(6),
                    UpdatedAt = items.ReadTime(7),
                    Summary = items.GetString(8),
                    Categories = FromJsonList(items.GetString(9)),
                    ArxivId = items.ReadNullableString(10),
                    ArxivVersion = items.ReadNullableInt(11),
                    Doi = items.ReadNullableString(12),
                    Comment = items.ReadNullableString(13),
                    ContentHash = items.GetString(14),
                    SourceIds = sourceIds.TryGetValue(id, out var carriedBy) ? carriedBy : [],
                    MentionCount = items.GetInt32(15),
                });
            }

            return result;
        }, cancellationToken, IsolationLevel.RepeatableRead);

    /// <inheritdoc />
    public Task<int> CountItemsAsync(CancellationToken cancellationToken) =>
        RunAsync("counting items", async connection =>
        {
            await using var command = Command(connection, null, "SELECT COUNT(*)::integer FROM items");
            return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
        }, cancellationToken);
}
