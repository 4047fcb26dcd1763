using RoundupBot.Model;

namespace RoundupBot.Storage;

/// <summary>
/// Stores one fetch's entries, the one job each database does its own way (SQLite: an in-memory key index and group
/// commit behind the single writer; PostgreSQL: title locks and runs of short transactions), with the same
/// <see cref="ItemMergeRules"/>. See <see cref="IRoundupStore.UpsertItemsAsync"/>.
/// </summary>
internal interface IItemWriter
{
    Task<UpsertCounts> UpsertAsync(long sourceId, IReadOnlyList<ItemCandidate> candidates, DateTimeOffset seenAt, CancellationToken cancellationToken);

    /// <summary>Told after a commit that deleted items, so that whatever the writer keeps in memory is not trusted any more.</summary>
    void ItemsRemoved();
}
