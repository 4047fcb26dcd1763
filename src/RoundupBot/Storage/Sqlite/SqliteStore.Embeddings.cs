using Microsoft.Data.Sqlite;
using RoundupBot.Model;

namespace RoundupBot.Storage.Sqlite;

public sealed partial class SqliteStore
{
    /// <inheritdoc />
    /// <remarks>A row whose blob is not a whole number of floats is treated as missing, so it is computed again.</remarks>
    public async Task<IReadOnlyDictionary<long, float[]>> GetEmbeddingsAsync(
        IReadOnlyList<Item> items, string model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        var result = new Dictionary<long, float[]>(items.Count);
        if (items.Count == 0)
        {
            return result;
        }

        var wanted = new Dictionary<long, string>(items.Count);
        foreach (var item in items)
        {
            wanted[item.Id] = item.ContentHash;
        }

        await using var connection = Open();
        await using var command = connection.CreateCommand();
        // One JSON array parameter instead of an IN list: a week can hold thousands of items, past SQLite's parameter limit.
        command.CommandText = """
            SELECT e.item_id, e.content_hash, e.vector
            FROM item_embeddings e
            WHERE e.model = $model AND e.item_id IN (SELECT value FROM json_each($ids))
            """;
        command.Parameters.AddWithValue("$model", model);
        command.Parameters.AddWithValue("$ids", "[" + string.Join(',', wanted.Keys) + "]");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var itemId = reader.GetInt64(0);
            if (wanted[itemId] != reader.GetString(1))
            {
                continue;
            }

            var bytes = (byte[])reader.GetValue(2);
            if (bytes.Length % sizeof(float) != 0)
            {
                continue;
            }

            result[itemId] = VectorBytes.FromLittleEndian(bytes);
        }

        return result;
    }

    /// <inheritdoc />
    public async Task SaveEmbeddingsAsync(
        IReadOnlyList<(long ItemId, string ContentHash, float[] Vector)> rows, string model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        if (rows.Count == 0)
        {
            return;
        }

        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var connection = GetWriteConnection();
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            // INSERT ... SELECT skips an item removed since it was read, instead of failing the whole batch on its foreign key.
            command.CommandText = """
                INSERT INTO item_embeddings (item_id, model, content_hash, vector)
                SELECT $itemId, $model, $contentHash, $vector WHERE EXISTS (SELECT 1 FROM items WHERE id = $itemId)
                ON CONFLICT (item_id) DO UPDATE SET model = excluded.model, content_hash = excluded.content_hash, vector = excluded.vector
                """;
            var itemId = command.Parameters.Add("$itemId", SqliteType.Integer);
            command.Parameters.AddWithValue("$model", model);
            var contentHash = command.Parameters.Add("$contentHash", SqliteType.Text);
            var vector = command.Parameters.Add("$vector", SqliteType.Blob);
            command.Prepare();
            foreach (var row in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ArgumentNullException.ThrowIfNull(row.ContentHash, nameof(rows));
                ArgumentNullException.ThrowIfNull(row.Vector, nameof(rows));
                itemId.Value = row.ItemId;
                contentHash.Value = row.ContentHash;
                vector.Value = VectorBytes.ToLittleEndian(row.Vector);
                command.ExecuteNonQuery();
            }

            transaction.Commit();
        }
        catch (SqliteException ex)
        {
            throw new StoreException($"Database {_displayName}: saving {rows.Count} embeddings failed ({ex.Message}); check the file and its permissions.", ex);
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
