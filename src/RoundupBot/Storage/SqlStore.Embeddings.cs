using RoundupBot.Model;

namespace RoundupBot.Storage;

public abstract partial class SqlStore
{
    /// <inheritdoc />
    /// <remarks>A row whose bytes are not a whole number of floats is treated as missing, so it is computed again.</remarks>
    public async Task<IReadOnlyDictionary<long, float[]>> GetEmbeddingsAsync(IReadOnlyList<Item> items, string model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        var wanted = new Dictionary<long, string>(items.Count);
        foreach (var item in items)
        {
            wanted[item.Id] = item.ContentHash;
        }

        var result = new Dictionary<long, float[]>(items.Count);
        if (wanted.Count == 0)
        {
            return result;
        }

        // One list parameter instead of an IN list: a week can hold thousands of items, past SQLite's parameter limit.
        var rows = await _executor.ReadAsync("reading embeddings", session => session.QueryAsync(
            $"SELECT e.item_id, e.content_hash, e.vector FROM item_embeddings e WHERE e.model = @model AND e.item_id {Dialect.InList("@ids")}",
            a => a.Text("model", model).Longs("ids", [.. wanted.Keys]), r => (ItemId: r.Long(0), ContentHash: r.Text(1), Vector: r.Bytes(2)),
            cancellationToken), cancellationToken);
        foreach (var row in rows.Where(r => wanted[r.ItemId] == r.ContentHash && r.Vector.Length % sizeof(float) == 0))
        {
            result[row.ItemId] = VectorBytes.FromLittleEndian(row.Vector);
        }

        return result;
    }

    /// <inheritdoc />
    /// <remarks>When the batch names an item twice, the last row wins, as if stored one by one.</remarks>
    public async Task SaveEmbeddingsAsync(IReadOnlyList<(long ItemId, string ContentHash, float[] Vector)> rows, string model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        foreach (var row in rows)
        {
            ArgumentNullException.ThrowIfNull(row.ContentHash, nameof(rows));
            ArgumentNullException.ThrowIfNull(row.Vector, nameof(rows));
        }

        if (rows.Count == 0)
        {
            return;
        }

        // INSERT ... SELECT skips an item removed since it was read, instead of failing the whole batch on its foreign key.
        await _executor.WriteAsync($"saving {rows.Count} embeddings", session => session.ExecuteEachAsync("""
            INSERT INTO item_embeddings (item_id, model, content_hash, vector)
            SELECT @itemId, @model, @contentHash, @vector WHERE EXISTS (SELECT 1 FROM items WHERE id = @itemId)
            ON CONFLICT (item_id) DO UPDATE SET model = excluded.model, content_hash = excluded.content_hash, vector = excluded.vector
            """, rows, (a, row) => a.Long("itemId", row.ItemId).Text("model", model).Text("contentHash", row.ContentHash)
            .Bytes("vector", VectorBytes.ToLittleEndian(row.Vector)), cancellationToken), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<long, string>> GetGistsAsync(IReadOnlyList<Item> items, string model, string promptVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(promptVersion);
        var result = new Dictionary<long, string>(items.Count);
        if (items.Count == 0)
        {
            return result;
        }

        // Two items may share a content hash (the same text carried twice); both get the one gist.
        var byHash = items.GroupBy(i => i.ContentHash, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(i => i.Id).ToList(), StringComparer.Ordinal);
        var gists = await _executor.ReadAsync("reading gists", session => session.QueryAsync(
            $"SELECT content_hash, gist FROM item_gists WHERE model = @model AND prompt_version = @version AND content_hash {Dialect.InList("@hashes")}",
            a => a.Text("model", model).Text("version", promptVersion).Texts("hashes", [.. byHash.Keys]), r => (Hash: r.Text(0), Gist: r.Text(1)),
            cancellationToken), cancellationToken);
        foreach (var (hash, gist) in gists)
        {
            foreach (var id in byHash[hash])
            {
                result[id] = gist;
            }
        }

        return result;
    }

    /// <inheritdoc />
    /// <remarks>When the batch names a content hash twice, the last gist wins.</remarks>
    public async Task SaveGistsAsync(IReadOnlyList<(string ContentHash, string Gist)> gists, string model, string promptVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gists);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(promptVersion);
        foreach (var row in gists)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(row.ContentHash, nameof(gists));
            ArgumentNullException.ThrowIfNull(row.Gist, nameof(gists));
        }

        if (gists.Count == 0)
        {
            return;
        }

        var now = _timeProvider.GetUtcNow();
        await _executor.WriteAsync($"saving {gists.Count} gists", session => session.ExecuteEachAsync("""
            INSERT INTO item_gists (content_hash, model, prompt_version, gist, created_at)
            VALUES (@hash, @model, @version, @gist, @now)
            ON CONFLICT (content_hash, model, prompt_version) DO UPDATE SET gist = excluded.gist, created_at = excluded.created_at
            """, gists, (a, row) => a.Text("hash", row.ContentHash).Text("model", model).Text("version", promptVersion).Text("gist", row.Gist)
            .Time("now", now), cancellationToken), cancellationToken);
    }
}
