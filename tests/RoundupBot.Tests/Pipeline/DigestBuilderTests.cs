using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RoundupBot.Model;
using RoundupBot.Pipeline;
using RoundupBot.Rendering;
using RoundupBot.Storage.Sqlite;
using RoundupBot.Summarization.Embedded;
using RoundupBot.Summarization.Embedding;
using RoundupBot.Tests.Storage;
using RoundupBot.Tests.Summarization.Embedded;
using RoundupBot.Tests.Summarization.Embedding;

namespace RoundupBot.Tests.Pipeline;

public sealed class DigestBuilderTests : IAsyncLifetime
{
    private readonly TempDatabase _database = new();
    private readonly CountingEmbedder _embedder = new(SharedEmbedder.Instance);
    private SqliteStore _store = null!;

    public async Task InitializeAsync() => _store = await _database.OpenMigratedAsync();

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Builds_an_issue_whose_sections_cite_only_their_own_items()
    {
        var links = await SeedEvaluationSetAsync();

        var digest = await Builder().BuildAsync(null, CancellationToken.None);

        Assert.Equal(1, digest.Number);
        Assert.Equal("Some interesting things to start the week #1", digest.Title);
        Assert.InRange(digest.Sections.Count, 4, 7);
        Assert.Equal(digest.Sections.Count, digest.Sections.Select(s => s.Emoji).Distinct().Count());
        Assert.Equal(digest.Sections.Count, digest.Sections.Select(s => s.Title).Distinct().Count());
        Assert.All(digest.Sections, section =>
        {
            Assert.InRange(section.Items.Count, 2, DigestBuilder.MaxItemsPerSection);
            Assert.InRange(section.Sentences.Count, 2, ExtractiveSummarizer.MaxSentences);
            Assert.All(section.Sentences, s => Assert.All(s.ItemIds, id => Assert.Contains(section.Items, i => i.Id == id)));
        });
        var everyItem = digest.Sections.SelectMany(s => s.Items).Concat(digest.OtherReads).ToList();
        Assert.All(everyItem, i => Assert.Equal(links[i.Id], i.Link));
        Assert.Equal(everyItem.Count, everyItem.Select(i => i.Id).Distinct().Count());
        Assert.Equal(8, digest.OtherReads.Count);
        Assert.All(digest.OtherReads, i => Assert.False(string.IsNullOrWhiteSpace(i.Description)));
        Assert.Equal("embedded", digest.Run.Engine);
        Assert.Equal(links.Count, digest.Run.WindowItems);
        Assert.Equal(DigestJson.ContentHash(digest), digest.ContentHash);
        Assert.All(digest.Sections.Skip(1), s => Assert.Contains(s.Title[1..], digest.Intro, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_same_items_give_the_same_digest_byte_for_byte_and_vectors_are_computed_once()
    {
        var stored = (await SeedEvaluationSetAsync()).Count;

        var first = await Builder().BuildAsync(null, CancellationToken.None);
        var computedFirst = _embedder.Texts.Count;
        var second = await Builder().BuildAsync(null, CancellationToken.None);

        Assert.Equal(first.ContentHash, second.ContentHash);
        Assert.Equal(MarkdownRenderer.Render(first), MarkdownRenderer.Render(second));
        Assert.Equal(TextRenderer.Render(first), TextRenderer.Render(second));
        Assert.Equal(stored, computedFirst);
        Assert.Equal(computedFirst, _embedder.Texts.Count);
        Assert.Equal(stored, second.Run.EmbeddingsReused);
        Assert.Equal(0, second.Run.Embedded);
    }

    [Fact]
    public async Task The_next_issue_covers_only_what_came_after_the_last_one()
    {
        await SeedEvaluationSetAsync();
        var first = await Builder().BuildAsync(null, CancellationToken.None);
        await _store.SaveDigestAsync(first, _database.Time.GetUtcNow(), [], CancellationToken.None);
        _database.Time.Advance(TimeSpan.FromDays(7));

        var ex = await Assert.ThrowsAsync<NotEnoughItemsException>(() => Builder().BuildAsync(null, CancellationToken.None));

        Assert.Contains("Only 0 items since", ex.Message);
        Assert.Contains("Nothing was built", ex.Message);
        Assert.Equal(1, (await _store.GetLatestDigestAsync(CancellationToken.None))!.Number);
    }

    [Fact]
    public async Task A_window_with_one_item_builds_nothing_and_says_why()
    {
        var source = await _store.AddSourceAsync(new Source { Name = "Blog", Url = "https://blog.example.org/feed" }, CancellationToken.None);
        await _store.UpsertItemsAsync(source.Id, [Candidate(1, "A lonely post about qubits", "Only one item this week.")], _database.Time.GetUtcNow(), CancellationToken.None);
        _database.Time.Advance(TimeSpan.FromMinutes(5));

        var ex = await Assert.ThrowsAsync<NotEnoughItemsException>(() => Builder().BuildAsync(null, CancellationToken.None));

        Assert.Contains("Only 1 items since", ex.Message);
        Assert.Contains("needs at least 8", ex.Message);
    }

    [Fact]
    public async Task Items_with_empty_huge_or_foreign_summaries_and_duplicate_titles_still_make_an_issue()
    {
        var source = await _store.AddSourceAsync(new Source { Name = "Mixed", Url = "https://mixed.example.org/feed" }, CancellationToken.None);
        var candidates = EvaluationSet.Items.Take(60).Select(i => Candidate(i.Id, i.Title, i.Summary)).ToList();
        candidates[0] = candidates[0] with { Summary = "" };
        candidates[1] = candidates[1] with { Summary = string.Concat(Enumerable.Repeat("Quantum error correction improves. ", 600)) };
        candidates[2] = candidates[2] with { Summary = "量子誤り訂正の新しい手法を提案する。実験では誤り率が半分になった。" };
        candidates[3] = candidates[3] with { Title = candidates[4].Title };
        await _store.UpsertItemsAsync(source.Id, candidates, _database.Time.GetUtcNow(), CancellationToken.None);
        _database.Time.Advance(TimeSpan.FromMinutes(5));

        var digest = await Builder().BuildAsync(null, CancellationToken.None);

        Assert.InRange(digest.Sections.Count, 4, 7);
        Assert.All(digest.Sections.SelectMany(s => s.Sentences), s => Assert.InRange(s.Text.Length, 1, 300));
    }

    [Fact]
    public async Task A_window_of_twenty_thousand_items_clusters_only_the_best_ranked_pool()
    {
        var source = await _store.AddSourceAsync(new Source { Name = "Firehose", Url = "https://firehose.example.org/feed" }, CancellationToken.None);
        var items = EvaluationSet.Items;
        foreach (var chunk in Enumerable.Range(0, 20_000).Chunk(2_000))
        {
            var batch = chunk.Select(i => Candidate(100_000 + i, $"{items[i % items.Count].Title}, part {i / items.Count + 1}", items[i % items.Count].Summary)).ToList();
            await _store.UpsertItemsAsync(source.Id, batch, _database.Time.GetUtcNow(), CancellationToken.None);
        }

        _database.Time.Advance(TimeSpan.FromMinutes(5));

        var digest = await Builder().BuildAsync(null, CancellationToken.None);

        Assert.Equal(20_000, digest.Run.WindowItems);
        // The best 400, and the next 100 posts (these are all posts): clustering never grows with the window.
        Assert.Equal(DigestBuilder.PoolSize + DigestBuilder.MaxExtraPosts, digest.Run.PoolItems);
        Assert.Equal(DigestBuilder.PoolSize + DigestBuilder.MaxExtraPosts, _embedder.Texts.Count);
        Assert.InRange(digest.Sections.Count, 4, 7);
    }

    private DigestBuilder Builder() => new(
        _store,
        new EmbeddingService(_store, _embedder, NullLogger<EmbeddingService>.Instance),
        new EmbeddedSummarizer(),
        _database.Time,
        Options.Create(new RoundupOptions()));

    /// <summary>Stores the labelled set as this week's items from three sources; returns each item's link by id.</summary>
    private async Task<Dictionary<long, string>> SeedEvaluationSetAsync()
    {
        var sources = new List<Source>();
        foreach (var name in new[] { "arXiv", "Lab blog", "News" })
        {
            sources.Add(await _store.AddSourceAsync(new Source { Name = name, Url = $"https://{name.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant()}.example.org/feed" }, CancellationToken.None));
        }

        var items = EvaluationSet.Items;
        for (var s = 0; s < sources.Count; s++)
        {
            var batch = items.Where(i => i.Id % sources.Count == s).Select(i => Candidate(i.Id, i.Title, i.Summary)).ToList();
            await _store.UpsertItemsAsync(sources[s].Id, batch, _database.Time.GetUtcNow(), CancellationToken.None);
        }

        var stored = await _store.ListItemsAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, CancellationToken.None);
        _database.Time.Advance(TimeSpan.FromMinutes(5));
        return stored.ToDictionary(i => i.Id, i => i.Link);
    }

    private ItemCandidate Candidate(int id, string title, string summary) => new()
    {
        CanonicalKey = $"url:example.org/eval/{id}",
        Title = title,
        Link = $"https://example.org/eval/{id}",
        Summary = summary,
        Published = _database.Time.GetUtcNow() - TimeSpan.FromHours(id % 100),
        ContentHash = $"hash-{id}-{title.Length}-{summary.Length}",
    };
}
