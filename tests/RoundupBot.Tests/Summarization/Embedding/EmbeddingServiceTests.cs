using Microsoft.Extensions.Logging.Abstractions;
using RoundupBot.Model;
using RoundupBot.Storage.Sqlite;
using RoundupBot.Summarization.Embedding;
using RoundupBot.Tests.Storage;

namespace RoundupBot.Tests.Summarization.Embedding;

public sealed class EmbeddingServiceTests : IAsyncLifetime
{
    private readonly TempDatabase _database = new();
    private readonly CountingEmbedder _embedder = new(SharedEmbedder.Instance);
    private SqliteStore _store = null!;
    private EmbeddingService _service = null!;
    private long _sourceId;
    private static CancellationToken None => CancellationToken.None;

    public async Task InitializeAsync()
    {
        _store = await _database.OpenMigratedAsync();
        _sourceId = (await _store.AddSourceAsync(new Source { Name = "Blog", Url = "https://blog.example/feed", Kind = SourceKind.Rss }, None)).Id;
        _service = new EmbeddingService(_store, _embedder, NullLogger<EmbeddingService>.Instance);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await _database.DisposeAsync();
    }

    private async Task<IReadOnlyList<Item>> StoreAsync(params (string Link, string Title, string Summary)[] posts)
    {
        var candidates = posts.Select(p => Candidates.Url(p.Link, p.Title, p.Summary)).ToArray();
        await _store.UpsertItemsAsync(_sourceId, candidates, _database.Time.GetUtcNow(), None);
        var now = _database.Time.GetUtcNow();
        return [.. (await _store.ListItemsAsync(now.AddDays(-1), now.AddDays(1), None)).OrderBy(i => i.Id)];
    }

    private Task<IReadOnlyList<Item>> StoreThreeAsync() => StoreAsync(
        ("https://blog.example/folding", "Protein folding at scale", "We predict protein structures from sequences."),
        ("https://blog.example/bots", "Discord bots", "Posting digests to Discord channels through webhooks."),
        ("https://blog.example/moe", "Mixture of experts", "Sparse routing makes large language models cheaper."));

    [Fact]
    public async Task Embeds_every_item_from_its_title_and_summary()
    {
        var items = await StoreThreeAsync();

        var vectors = await _service.EmbedAsync(items, null, None);

        Assert.Equal(items.Select(i => i.Id).Order(), vectors.Keys.Order());
        Assert.Equal(Vectors.Bits(SharedEmbedder.Instance.Embed([EmbeddingText.For(items[0])], None)[0]), Vectors.Bits(vectors[items[0].Id]));
        Assert.Contains("Protein folding at scale. We predict protein structures from sequences.", _embedder.Texts);
    }

    [Fact]
    public async Task Computes_nothing_the_second_time()
    {
        var items = await StoreThreeAsync();
        var first = await _service.EmbedAsync(items, null, None);
        var textsBefore = _embedder.Texts.Count;
        var callsBefore = _embedder.Calls;

        var second = await _service.EmbedAsync(items, null, None);

        Assert.Equal(3, textsBefore);
        Assert.Equal(callsBefore, _embedder.Calls);
        Assert.All(items, i => Assert.Equal(Vectors.Bits(first[i.Id]), Vectors.Bits(second[i.Id])));
    }

    [Fact]
    public async Task Reuses_stored_vectors_across_service_instances()
    {
        var items = await StoreThreeAsync();
        await _service.EmbedAsync(items, null, None);
        var fresh = new CountingEmbedder(SharedEmbedder.Instance);
        var service = new EmbeddingService(_store, fresh, NullLogger<EmbeddingService>.Instance);

        var vectors = await service.EmbedAsync(items, null, None);

        Assert.Equal(3, vectors.Count);
        Assert.Equal(0, fresh.Calls);
    }

    [Fact]
    public async Task Recomputes_only_the_item_whose_content_changed()
    {
        var items = await StoreThreeAsync();
        var first = await _service.EmbedAsync(items, null, None);
        var changed = await StoreAsync(("https://blog.example/bots", "Discord bots", "Slash commands and webhooks for Discord digests."));
        Assert.NotEqual(items[1].ContentHash, changed[1].ContentHash);
        var textsBefore = _embedder.Texts.Count;

        var second = await _service.EmbedAsync(changed, null, None);

        Assert.Equal(["Discord bots. Slash commands and webhooks for Discord digests."], _embedder.Texts.Skip(textsBefore));
        Assert.NotEqual(Vectors.Bits(first[items[1].Id]), Vectors.Bits(second[items[1].Id]));
        Assert.Equal(Vectors.Bits(first[items[0].Id]), Vectors.Bits(second[items[0].Id]));
    }

    [Fact]
    public async Task Embeds_an_item_given_twice_once()
    {
        var items = await StoreThreeAsync();

        var vectors = await _service.EmbedAsync([items[0], items[0], items[1]], null, None);

        Assert.Equal(2, vectors.Count);
        Assert.Equal(2, _embedder.Texts.Count);
    }

    [Fact]
    public async Task Reports_progress_up_to_the_item_count()
    {
        var items = await StoreThreeAsync();
        await _service.EmbedAsync([items[0]], null, None);
        var reports = new List<int>();

        await _service.EmbedAsync(items, new SynchronousProgress(reports.Add), None);

        Assert.Equal([1, 3], reports);
    }

    [Fact]
    public async Task Refuses_an_item_that_is_not_stored()
    {
        var item = new Item { CanonicalKey = "url:x", Title = "Unsaved", Link = "https://x.example/", ContentHash = "h" };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => _service.EmbedAsync([item], null, None));

        Assert.Contains("\"Unsaved\" has no id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Names_the_model_and_text_version_it_stores()
    {
        Assert.Equal($"all-MiniLM-L6-v2;text={EmbeddingText.Version}", _service.CacheModel);
        var items = await StoreThreeAsync();
        await _service.EmbedAsync(items, null, None);

        Assert.Equal(3, (await _store.GetEmbeddingsAsync(items, _service.CacheModel, None)).Count);
        Assert.Empty(await _store.GetEmbeddingsAsync(items, "another-model", None));
    }

    /// <summary>Reports on the caller's thread, unlike <see cref="Progress{T}"/>, so the test sees every report before it asserts.</summary>
    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
