using System.Buffers.Binary;
using Microsoft.Data.Sqlite;
using RoundupBot.Model;
using RoundupBot.Storage.Sqlite;

namespace RoundupBot.Tests.Storage;

public sealed class SqliteStoreEmbeddingTests : IAsyncLifetime
{
    private const string Model = "test-model";
    private readonly TempDatabase _database = new();
    private SqliteStore _store = null!;
    private long _sourceId;
    private IReadOnlyList<Item> _items = [];
    private static CancellationToken None => CancellationToken.None;

    public async Task InitializeAsync()
    {
        _store = await _database.OpenMigratedAsync();
        _sourceId = (await _store.AddSourceAsync(new Source { Name = "Blog", Url = "https://blog.example/feed", Kind = SourceKind.Rss }, None)).Id;
        await _store.UpsertItemsAsync(
            _sourceId,
            [Candidates.Url("https://blog.example/a", "A", "first"), Candidates.Url("https://blog.example/b", "B", "second")],
            _database.Time.GetUtcNow(),
            None);
        _items = await ListAsync();
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await _database.DisposeAsync();
    }

    private async Task<IReadOnlyList<Item>> ListAsync()
    {
        var now = _database.Time.GetUtcNow();
        return [.. (await _store.ListItemsAsync(now.AddDays(-1), now.AddDays(1), None)).OrderBy(i => i.Id)];
    }

    private static int[] Bits(float[] vector) => Array.ConvertAll(vector, BitConverter.SingleToInt32Bits);

    [Fact]
    public async Task Round_trips_vectors_bit_for_bit()
    {
        float[] odd = [0f, -0f, 1.5f, -1e-42f, float.Epsilon, float.MaxValue, float.MinValue, float.NaN, BitConverter.Int32BitsToSingle(0x7FC0_1234), float.PositiveInfinity, 0.1f];
        var random = new Random(7);
        var dense = Enumerable.Range(0, 384).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();

        await _store.SaveEmbeddingsAsync([(_items[0].Id, _items[0].ContentHash, odd), (_items[1].Id, _items[1].ContentHash, dense)], Model, None);
        var read = await _store.GetEmbeddingsAsync(_items, Model, None);

        Assert.Equal(Bits(odd), Bits(read[_items[0].Id]));
        Assert.Equal(Bits(dense), Bits(read[_items[1].Id]));
    }

    [Fact]
    public async Task Stores_little_endian_float32_bytes()
    {
        await _store.SaveEmbeddingsAsync([(_items[0].Id, _items[0].ContentHash, [1.5f, -2f])], Model, None);

        await using var connection = new SqliteConnection($"Data Source={_database.Path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT vector, model, content_hash FROM item_embeddings";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        var bytes = (byte[])reader.GetValue(0);
        Assert.Equal(8, bytes.Length);
        Assert.Equal(1.5f, BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(0)));
        Assert.Equal(-2f, BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(4)));
        Assert.Equal(Model, reader.GetString(1));
        Assert.Equal(_items[0].ContentHash, reader.GetString(2));
    }

    [Fact]
    public async Task Leaves_out_vectors_of_older_content_or_another_model()
    {
        await _store.SaveEmbeddingsAsync([(_items[0].Id, "old-hash", [1f]), (_items[1].Id, _items[1].ContentHash, [2f])], Model, None);

        var read = await _store.GetEmbeddingsAsync(_items, Model, None);
        var otherModel = await _store.GetEmbeddingsAsync(_items, "other-model", None);

        Assert.Equal([_items[1].Id], read.Keys);
        Assert.Empty(otherModel);
    }

    [Fact]
    public async Task Replaces_an_items_vector()
    {
        await _store.SaveEmbeddingsAsync([(_items[0].Id, "old-hash", [1f])], "old-model", None);
        await _store.SaveEmbeddingsAsync([(_items[0].Id, _items[0].ContentHash, [3f, 4f])], Model, None);

        var read = await _store.GetEmbeddingsAsync(_items, Model, None);

        Assert.Equal([3f, 4f], read[_items[0].Id]);
        Assert.Empty(await _store.GetEmbeddingsAsync(_items, "old-model", None));
    }

    [Fact]
    public async Task Skips_rows_of_items_that_no_longer_exist_and_drops_vectors_with_their_item()
    {
        await _store.SaveEmbeddingsAsync([(_items[0].Id, _items[0].ContentHash, [1f]), (999_999, "h", [2f])], Model, None);
        var afterSave = CountRows();

        Assert.True(await _store.RemoveSourceAsync(_sourceId, None));

        Assert.Equal(1L, afterSave);
        Assert.Equal(0L, CountRows());
    }

    private long CountRows()
    {
        using var connection = new SqliteConnection($"Data Source={_database.Path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM item_embeddings";
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task Returns_nothing_for_no_items() =>
        Assert.Empty(await _store.GetEmbeddingsAsync([], Model, None));
}
