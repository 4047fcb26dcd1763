using RoundupBot.Model;
using RoundupBot.Storage;

namespace RoundupBot.Tests.Storage;

/// <summary>The store contract for gists, run against every provider by the subclasses.</summary>
public abstract class StoreGistTests : IAsyncLifetime
{
    private StoreDatabase _database = null!;
    private IRoundupStore _store = null!;

    public async Task InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        _store = await _database.OpenMigratedAsync();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    protected StoreDatabase Database => _database;

    protected IRoundupStore Store => _store;

    protected abstract Task<StoreDatabase> CreateDatabaseAsync();

    [Fact]
    public async Task A_gist_is_found_by_content_hash_model_and_prompt_version_only()
    {
        Item a = new() { Id = 1, CanonicalKey = "a", Title = "A", Link = "https://example.org/a", ContentHash = "hash-a" };
        Item b = new() { Id = 2, CanonicalKey = "b", Title = "B", Link = "https://example.org/b", ContentHash = "hash-b" };
        await _store.SaveGistsAsync([("hash-a", "Gist of A.")], "openai:m", "v1", CancellationToken.None);

        var found = await _store.GetGistsAsync([a, b], "openai:m", "v1", CancellationToken.None);
        var otherModel = await _store.GetGistsAsync([a], "openai:other", "v1", CancellationToken.None);
        var otherPrompt = await _store.GetGistsAsync([a], "openai:m", "v2", CancellationToken.None);
        var changedText = await _store.GetGistsAsync([a with { ContentHash = "hash-a2" }], "openai:m", "v1", CancellationToken.None);

        Assert.Equal("Gist of A.", Assert.Single(found).Value);
        Assert.Equal(1, Assert.Single(found).Key);
        Assert.Empty(otherModel);
        Assert.Empty(otherPrompt);
        Assert.Empty(changedText);
    }

    [Fact]
    public async Task Saving_again_replaces_the_gist()
    {
        Item a = new() { Id = 1, CanonicalKey = "a", Title = "A", Link = "https://example.org/a", ContentHash = "hash-a" };
        await _store.SaveGistsAsync([("hash-a", "First.")], "m", "v1", CancellationToken.None);
        await _store.SaveGistsAsync([("hash-a", "Second.")], "m", "v1", CancellationToken.None);

        Assert.Equal("Second.", (await _store.GetGistsAsync([a], "m", "v1", CancellationToken.None))[1]);
    }
}
