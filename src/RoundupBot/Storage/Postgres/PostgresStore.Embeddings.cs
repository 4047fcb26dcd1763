using NpgsqlTypes;
using RoundupBot.Model;

namespace RoundupBot.Storage.Postgres;

public sealed partial class PostgresStore
{
    /// <inheritdoc />
    /// <remarks>A row whose bytes are not a whole number of floats is treated as missing, so it is computed again.</remarks>
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

        return await RunAsync<IReadOnlyDictionary<long, float[]>>("reading embeddings", async connection =>
        {
            await using var command = Command(connection, null, """
                SELECT e.item_id, e.content_hash, e.vector FROM item_embeddings e WHERE e.model = @model AND e.item_id = ANY(@ids)
                """);
            command.Parameters.AddText("model", model);
            command.Parameters.AddArray("ids", NpgsqlDbType.Bigint, wanted.Keys.ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var itemId = reader.GetInt64(0);
                if (wanted[itemId] != reader.GetString(1))
                {
                    continue;
                }

                var bytes = reader.GetFieldValue<byte[]>(2);
                if (bytes.Length % sizeof(float) != 0)
                {
                    continue;
                }

                result[itemId] = VectorBytes.FromLittleEndian(bytes);
            }

            return result;
        }, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// One statement for the whole batch. When the batch names an item twice, the last row wins, as if stored one by one.
    /// </remarks>
    public async Task SaveEmbeddingsAsync(
        IReadOnlyList<(long ItemId, string ContentHash, float[] Vector)> rows, string model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        if (rows.Count == 0)
        {
            return;
        }

        var last = new Dictionary<long, (string ContentHash, float[] Vector)>(rows.Count);
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ArgumentNullException.ThrowIfNull(row.ContentHash, nameof(rows));
            ArgumentNullException.ThrowIfNull(row.Vector, nameof(rows));
            last[row.ItemId] = (row.ContentHash, row.Vector);
        }

        await RunAsync($"saving {rows.Count} embeddings", async connection =>
        {
            // The join skips an item removed since it was read, instead of failing the whole batch on its foreign key.
            await using var command = Command(connection, null, """
                INSERT INTO item_embeddings (item_id, model, content_hash, vector)
                SELECT r.item_id, @model, r.content_hash, r.vector
                FROM unnest(@ids, @hashes, @vectors) AS r (item_id, content_hash, vector)
                JOIN items i ON i.id = r.item_id
                ON CONFLICT (item_id) DO UPDATE SET model = excluded.model, content_hash = excluded.content_hash, vector = excluded.vector
                """);
            command.Parameters.AddText("model", model);
            command.Parameters.AddArray("ids", NpgsqlDbType.Bigint, last.Keys.ToArray());
            command.Parameters.AddArray("hashes", NpgsqlDbType.Text, last.Values.Select(v => v.ContentHash).ToArray());
            command.Parameters.AddArray("vectors", NpgsqlDbType.Bytea, last.Values.Select(v => VectorBytes.ToLittleEndian(v.Vector)).ToArray());
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }
}
