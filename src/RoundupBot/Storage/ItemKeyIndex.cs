namespace RoundupBot.Storage;

/// <summary>
/// An in-memory copy of items' keys and of which sources carried which items, so an upsert decides without
/// querying: a new item costs two statements (insert, carried-by) instead of four, an unchanged one none.
/// It must be complete to be trusted ("not here" means "not stored"). SQLite's writer keeps one for the whole
/// database and drops it whenever the database may differ from it (a rolled-back savepoint, a removed source, a commit
/// by another connection); PostgreSQL's fills one per transaction with the rows of that batch's keys and titles, locked.
/// </summary>
internal sealed class ItemKeyIndex
{
    private readonly Dictionary<string, long> _idByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<long, StoredItem> _items = [];
    private readonly Dictionary<string, List<long>> _idsByTitle = new(StringComparer.Ordinal);
    private readonly HashSet<(long ItemId, long SourceId)> _carried = [];

    public StoredItem? FindByKey(string key) => _idByKey.TryGetValue(key, out var id) ? _items[id] : null;

    /// <summary>Items with this title key, oldest first.</summary>
    public IEnumerable<StoredItem> FindByTitle(string titleKey) =>
        _idsByTitle.TryGetValue(titleKey, out var ids) ? ids.Select(id => _items[id]) : [];

    /// <summary>Adds an item or replaces what is known about it.</summary>
    public void Put(StoredItem item)
    {
        if (_items.TryGetValue(item.Id, out var old))
        {
            _idByKey.Remove(old.Key);
            if (old.TitleKey is not null && _idsByTitle.TryGetValue(old.TitleKey, out var oldIds))
            {
                oldIds.Remove(item.Id);
            }
        }

        _items[item.Id] = item;
        _idByKey[item.Key] = item.Id;
        if (item.TitleKey is not null)
        {
            if (!_idsByTitle.TryGetValue(item.TitleKey, out var ids))
            {
                _idsByTitle[item.TitleKey] = ids = [];
            }

            // Ids grow, so appending keeps each list oldest first, as the database lookup orders them.
            var at = ids.BinarySearch(item.Id);
            ids.Insert(at < 0 ? ~at : at, item.Id);
        }
    }

    /// <summary>Records that a source carried an item; false when that was already known.</summary>
    public bool AddCarried(long itemId, long sourceId) => _carried.Add((itemId, sourceId));
}
