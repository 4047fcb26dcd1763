using System.Buffers.Binary;
using RoundupBot.Model;
using RoundupBot.Storage;

namespace RoundupBot.Tests.Storage;

/// <summary>The store contract for embeddings, run against every provider by the subclasses.</summary>
public abstract class StoreEmbeddingTests : IAsyncLifetime
{
    private const string Model = "test-model";
    private StoreDatabase _database = null!;
    private IRoundupStore _store = null!;
    private long _sourceId;
    private IReadOnlyList<Item> _items = [];
    private static CancellationToken None => CancellationToken.None;

    public async Task InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        _store = await _database.OpenMigratedAsync();
        _sourceId = (await _store.AddSourceAsync(new Source { Name = "Blog", Url = "https://blog.example/feed", Kind = SourceKind.Rss }, None)).Id;
        await _store.UpsertItemsAsync(
            _sourceId,
            [Candidates.Url("https://blog.example/a", "A", "first"), Candidates.Url("https://blog.example/b", "B", "second")],
            _database.Time.GetUtcNow(),
            None);
        _items = await ListAsync();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    protected StoreDatabase Database => _database;

    protected IRoundupStore Store => _store;

    protected abstract Task<StoreDatabase> CreateDatabaseAsync();

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

        var row = await _database.QueryRowAsync("SELECT vector, model, content_hash FROM item_embeddings");

        Assert.NotNull(row);
        var bytes = (byte[])row[0]!;
        Assert.Equal(8, bytes.Length);
        Assert.Equal(1.5f, BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(0)));
        Assert.Equal(-2f, BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(4)));
        Assert.Equal(Model, row[1]);
        Assert.Equal(_items[0].ContentHash, row[2]);
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
        var afterSave = await _database.CountRowsAsync("item_embeddings");

        Assert.True(await _store.RemoveSourceAsync(_sourceId, None));

        Assert.Equal(1L, afterSave);
        Assert.Equal(0L, await _database.CountRowsAsync("item_embeddings"));
    }

    [Fact]
    public async Task Returns_nothing_for_no_items() =>
        Assert.Empty(await _store.GetEmbeddingsAsync([], Model, None));
}
