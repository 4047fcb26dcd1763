using RoundupBot.Model;
using RoundupBot.Storage;

namespace RoundupBot.Tests.Storage;

/// <summary>The store contract for items, run against every provider by the subclasses.</summary>
public abstract class StoreItemTests : IAsyncLifetime
{
    private StoreDatabase _database = null!;
    private IRoundupStore _store = null!;
    private long _sourceA;
    private long _sourceB;

    protected long SourceA => _sourceA;

    protected long SourceB => _sourceB;
    private static CancellationToken None => CancellationToken.None;
    private DateTimeOffset Now => _database.Time.GetUtcNow();

    public async Task InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        _store = await _database.OpenMigratedAsync();
        _sourceA = (await _store.AddSourceAsync(new Source { Name = "arXiv cs.CL", Url = "https://export.arxiv.org/rss/cs.CL", Kind = SourceKind.Arxiv }, None)).Id;
        _sourceB = (await _store.AddSourceAsync(new Source { Name = "arXiv cs.LG", Url = "https://export.arxiv.org/rss/cs.LG", Kind = SourceKind.Arxiv }, None)).Id;
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    protected StoreDatabase Database => _database;

    protected IRoundupStore Store => _store;

    protected abstract Task<StoreDatabase> CreateDatabaseAsync();

    private Task<UpsertCounts> Upsert(long source, params ItemCandidate[] candidates) =>
        _store.UpsertItemsAsync(source, candidates, Now, None);

    private async Task<IReadOnlyList<Item>> AllItems() =>
        await _store.ListItemsAsync(Now.AddYears(-10), Now.AddYears(1), None);

    [Fact]
    public async Task Stores_new_items_with_every_field()
    {
        var published = new DateTimeOffset(2024, 1, 14, 18, 0, 0, TimeSpan.Zero);
        var candidate = Candidates.Normalize(new FeedEntry
        {
            Title = "Scaling Laws for Neural Language Models",
            Link = "http://arxiv.org/abs/2001.08361v1",
            Summary = "We study empirical scaling laws.",
            Authors = ["Jared Kaplan", "Sam McCandlish"],
            Published = published,
            Doi = "10.1000/journal.1",
            Arxiv = new ArxivMetadata { Id = "2001.08361", Version = 1, Categories = ["cs.LG", "stat.ML"], Comment = "19 pages" },
        });

        var counts = await Upsert(_sourceA, candidate);
        var item = Assert.Single(await AllItems());

        Assert.Equal(new UpsertCounts(1, 0, 0), counts);
        Assert.True(item.Id > 0);
        Assert.Equal("arxiv:2001.08361", item.CanonicalKey);
        Assert.Equal("Scaling Laws for Neural Language Models", item.Title);
        Assert.Equal("https://arxiv.org/abs/2001.08361", item.Link);
        Assert.Equal(["Jared Kaplan", "Sam McCandlish"], item.Authors);
        Assert.Equal(published, item.Published);
        Assert.Equal(Now, item.FirstSeenAt);
        Assert.Equal(Now, item.UpdatedAt);
        Assert.Equal("We study empirical scaling laws.", item.Summary);
        Assert.Equal(["cs.LG", "stat.ML"], item.Categories);
        Assert.Equal("2001.08361", item.ArxivId);
        Assert.Equal(1, item.ArxivVersion);
        Assert.Equal("10.1000/journal.1", item.Doi);
        Assert.Equal("19 pages", item.Comment);
        Assert.Equal(candidate.ContentHash, item.ContentHash);
        Assert.Equal([_sourceA], item.SourceIds);
        Assert.Equal(0, item.MentionCount);
    }

    [Fact]
    public async Task Counts_an_unchanged_entry_as_unchanged_and_never_duplicates_it()
    {
        var batch = new[]
        {
            Candidates.Url("https://blog.example/a", "A first rather long blog post title"),
            Candidates.Url("https://blog.example/b", "A second rather long blog post title"),
            Candidates.Arxiv("2401.01234", 1, "A paper about many interesting things"),
        };

        var first = await Upsert(_sourceA, batch);
        _database.Time.Advance(TimeSpan.FromHours(1));
        var second = await Upsert(_sourceA, batch);
        var third = await Upsert(_sourceA, batch);

        Assert.Equal(new UpsertCounts(3, 0, 0), first);
        Assert.Equal(new UpsertCounts(0, 0, 3), second);
        Assert.Equal(new UpsertCounts(0, 0, 3), third);
        Assert.Equal(3, await _store.CountItemsAsync(None));
        Assert.All(await AllItems(), i => Assert.Equal([_sourceA], i.SourceIds));
        Assert.Equal(3, (await _store.GetSourceAsync(_sourceA, None))!.ItemCount);
    }

    [Fact]
    public async Task Updates_a_non_arxiv_item_whose_content_changed()
    {
        await Upsert(_sourceA, Candidates.Url("https://blog.example/a", "A rather long blog post title", "First draft."));
        _database.Time.Advance(TimeSpan.FromHours(2));

        var counts = await Upsert(_sourceA, Candidates.Url("https://blog.example/a?utm_source=rss", "A rather long blog post title", "Revised."));
        var item = Assert.Single(await AllItems());

        Assert.Equal(new UpsertCounts(0, 1, 0), counts);
        Assert.Equal("Revised.", item.Summary);
        Assert.Equal(Now, item.UpdatedAt);
        Assert.Equal(Now.AddHours(-2), item.FirstSeenAt);
    }

    [Fact]
    public async Task Replaces_an_older_arxiv_version_with_a_newer_one()
    {
        await Upsert(_sourceA, Candidates.Arxiv("2401.01234", 1, "Draft title of a rather long paper", "Old abstract."));

        var counts = await Upsert(_sourceA, Candidates.Arxiv("2401.01234", 2, "Final title of a rather long paper", "New abstract."));
        var item = Assert.Single(await AllItems());

        Assert.Equal(new UpsertCounts(0, 1, 0), counts);
        Assert.Equal(2, item.ArxivVersion);
        Assert.Equal("Final title of a rather long paper", item.Title);
        Assert.Equal("New abstract.", item.Summary);
    }

    [Fact]
    public async Task Never_replaces_a_newer_arxiv_version_with_an_older_or_equal_one()
    {
        await Upsert(_sourceA, Candidates.Arxiv("2401.01234", 3, "Final title of a rather long paper", "Newest abstract."));

        var older = await Upsert(_sourceB, Candidates.Arxiv("2401.01234", 2, "Draft title of a rather long paper", "Old abstract."));
        var equal = await Upsert(_sourceB, Candidates.Arxiv("2401.01234", 3, "Final title of a rather long paper", "Slightly different abstract."));
        var item = Assert.Single(await AllItems());

        Assert.Equal(new UpsertCounts(0, 0, 1), older);
        Assert.Equal(new UpsertCounts(0, 0, 1), equal);
        Assert.Equal(3, item.ArxivVersion);
        Assert.Equal("Newest abstract.", item.Summary);
        Assert.Equal([_sourceA, _sourceB], item.SourceIds);
    }

    [Fact]
    public async Task Stores_a_paper_listed_in_two_categories_once_with_both_sources()
    {
        await Upsert(_sourceA, Candidates.Arxiv("2401.01234", 1, "A cross-listed paper on language models", "Abstract.", "cs.CL", "cs.LG"));
        var counts = await Upsert(_sourceB, Candidates.Arxiv("2401.01234", 1, "A cross-listed paper on language models", "Abstract.", "cs.CL", "cs.LG"));

        var item = Assert.Single(await AllItems());

        Assert.Equal(new UpsertCounts(0, 0, 1), counts);
        Assert.Equal([_sourceA, _sourceB], item.SourceIds);
    }

    [Fact]
    public async Task Merges_near_identical_titles_from_two_sources()
    {
        await Upsert(_sourceA, Candidates.Url("https://news.example/story-1", "OpenAI releases a new reasoning model"));
        var counts = await Upsert(_sourceB, Candidates.Url("https://other.example/2024/01/story", "OpenAI Releases a New Reasoning Model!"));

        var item = Assert.Single(await AllItems());

        Assert.Equal(new UpsertCounts(0, 0, 1), counts);
        Assert.Equal("https://news.example/story-1", item.Link);
        Assert.Equal([_sourceA, _sourceB], item.SourceIds);
    }

    [Fact]
    public async Task Lets_the_arxiv_paper_take_over_a_blog_copy_with_the_same_title()
    {
        await Upsert(_sourceA, Candidates.Url("https://blog.example/paper", "Scaling Laws for Neural Language Models"));
        var paper = Candidates.Arxiv("2001.08361", 1, "Scaling laws for neural language models", "Abstract.");

        var first = await Upsert(_sourceB, paper);
        var again = await Upsert(_sourceB, paper);
        var blogAgain = await Upsert(_sourceA, Candidates.Url("https://blog.example/paper", "Scaling Laws for Neural Language Models"));
        var item = Assert.Single(await AllItems());

        Assert.Equal(new UpsertCounts(0, 1, 0), first);
        Assert.Equal(new UpsertCounts(0, 0, 1), again);
        Assert.Equal(new UpsertCounts(0, 0, 1), blogAgain);
        Assert.Equal("arxiv:2001.08361", item.CanonicalKey);
        Assert.Equal("https://arxiv.org/abs/2001.08361", item.Link);
        Assert.Equal([_sourceA, _sourceB], item.SourceIds);
    }

    [Fact]
    public async Task Keeps_two_arxiv_papers_apart_even_when_their_titles_agree()
    {
        await Upsert(_sourceA,
            Candidates.Arxiv("2401.01234", 1, "On the limits of attention in transformers"),
            Candidates.Arxiv("2402.05678", 1, "On the limits of attention in transformers"));

        Assert.Equal(2, await _store.CountItemsAsync(None));
    }

    [Fact]
    public async Task Never_merges_short_generic_titles()
    {
        await Upsert(_sourceA, Candidates.Url("https://a.example/weekly-5", "Weekly update"));
        var counts = await Upsert(_sourceB, Candidates.Url("https://b.example/weekly-9", "Weekly update"));

        Assert.Equal(new UpsertCounts(1, 0, 0), counts);
        Assert.Equal(2, await _store.CountItemsAsync(None));
    }

    [Fact]
    public async Task Stores_the_same_work_twice_in_one_batch_once()
    {
        var counts = await Upsert(_sourceA,
            Candidates.Url("https://blog.example/a", "A rather long blog post title"),
            Candidates.Url("https://www.blog.example/a/?utm_source=x", "A rather long blog post title"),
            Candidates.Arxiv("2401.01234", 1, "A paper about many interesting things"),
            Candidates.Arxiv("2401.01234", 1, "A paper about many interesting things"));

        Assert.Equal(new UpsertCounts(2, 0, 2), counts);
        Assert.Equal(2, await _store.CountItemsAsync(None));
    }

    [Fact]
    public async Task Counts_distinct_other_items_that_mention_a_work()
    {
        await Upsert(_sourceA, Candidates.Arxiv("2401.01234", 1, "A paper about many interesting things"));
        var post = Candidates.Normalize(new FeedEntry
        {
            Title = "What we learned from the new paper on things",
            Link = "https://blog.example/post",
            ContentLinks = ["https://arxiv.org/abs/2401.01234v1", "https://arxiv.org/pdf/2401.01234v1.pdf"],
        });
        var thread = Candidates.Normalize(new FeedEntry
        {
            Title = "Discussion thread for a paper about things",
            Link = "https://forum.example/t/1",
            ContentLinks = ["https://arxiv.org/abs/2401.01234"],
        });

        await Upsert(_sourceB, post, thread);
        await Upsert(_sourceB, post, thread);
        var items = await AllItems();

        Assert.Equal(2, items.Single(i => i.CanonicalKey == "arxiv:2401.01234").MentionCount);
        Assert.All(items.Where(i => i.CanonicalKey != "arxiv:2401.01234"), i => Assert.Equal(0, i.MentionCount));
    }

    [Fact]
    public async Task Keeps_a_known_published_time_when_an_entry_has_none()
    {
        var published = new DateTimeOffset(2024, 1, 10, 12, 0, 0, TimeSpan.Zero);
        await Upsert(_sourceA, Candidates.Url("https://blog.example/a", "A rather long blog post title", "v1", published));
        await Upsert(_sourceA, Candidates.Url("https://blog.example/a", "A rather long blog post title", "v2", published: null));

        Assert.Equal(published, Assert.Single(await AllItems()).Published);
    }

    [Fact]
    public async Task Fills_a_missing_published_time_from_a_later_entry()
    {
        var published = new DateTimeOffset(2024, 1, 10, 12, 0, 0, TimeSpan.Zero);
        await Upsert(_sourceA, Candidates.Url("https://blog.example/a", "A rather long blog post title"));
        var counts = await Upsert(_sourceB, Candidates.Url("https://blog.example/a", "A rather long blog post title", published: published));

        Assert.Equal(new UpsertCounts(0, 0, 1), counts);
        Assert.Equal(published, Assert.Single(await AllItems()).Published);
    }

    [Fact]
    public async Task Lists_items_first_seen_inside_the_window_whenever_they_were_published()
    {
        var windowStart = new DateTimeOffset(2024, 1, 8, 0, 0, 0, TimeSpan.Zero);
        var windowEnd = new DateTimeOffset(2024, 1, 15, 0, 0, 0, TimeSpan.Zero);
        var seenBefore = windowStart.AddDays(-3);
        await _store.UpsertItemsAsync(_sourceA, [Candidates.Url("https://a.example/old", "An old post nobody needs anymore")], seenBefore, None);
        await _store.UpsertItemsAsync(_sourceA, [Candidates.Url("https://a.example/published-in", "An old post published in the window", published: windowStart.AddDays(1))], seenBefore, None);
        await _store.UpsertItemsAsync(_sourceA, [Candidates.Url("https://a.example/seen-in", "A post first seen inside the window")], windowStart, None);
        await _store.UpsertItemsAsync(_sourceA, [Candidates.Url("https://a.example/at-end", "A post first seen at the window end")], windowEnd, None);

        var items = await _store.ListItemsAsync(windowStart, windowEnd, None);

        Assert.Equal(["url:a.example/seen-in"], items.Select(i => i.CanonicalKey).Order());
    }

    [Fact]
    public async Task Refuses_items_for_an_unknown_source()
    {
        var error = await Assert.ThrowsAsync<StoreException>(() => Upsert(999, Candidates.Url("https://a.example/x")));

        Assert.Contains("999", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await _store.CountItemsAsync(None));
    }

    [Fact]
    public async Task Stores_concurrent_batches_from_many_sources_without_losing_any()
    {
        var sources = new List<long>();
        for (var s = 0; s < 8; s++)
        {
            sources.Add((await _store.AddSourceAsync(new Source { Name = $"S{s}", Url = $"https://s{s}.example/feed" }, None)).Id);
        }

        // Every source carries 50 own posts and the same 20 shared papers.
        var shared = Enumerable.Range(0, 20).Select(i => Candidates.Arxiv($"2401.{i:D5}", 1, $"Shared paper number {i} about things")).ToArray();
        var results = await Task.WhenAll(sources.Select((id, s) => Task.Run(() => _store.UpsertItemsAsync(
            id,
            [.. Enumerable.Range(0, 50).Select(i => Candidates.Url($"https://s{s}.example/{i}", $"Post {i} of source {s} about things")), .. shared],
            Now,
            None))));

        Assert.Equal(8 * 50 + 20, await _store.CountItemsAsync(None));
        Assert.Equal(8 * 70, results.Sum(r => r.Total));
        Assert.All((await AllItems()).Where(i => i.ArxivId is not null), i => Assert.Equal(8, i.SourceIds.Count));
    }

    [Fact]
    public async Task Stores_a_large_batch_in_one_call()
    {
        var batch = Enumerable.Range(0, 5_000)
            .Select(i => Candidates.Arxiv($"2401.{i:D5}", 1, $"Paper number {i} on a large batch of things", "Abstract " + i))
            .ToArray();

        var first = await Upsert(_sourceA, batch);
        var second = await Upsert(_sourceA, batch);

        Assert.Equal(new UpsertCounts(5_000, 0, 0), first);
        Assert.Equal(new UpsertCounts(0, 0, 5_000), second);
    }

    [Fact]
    public async Task Sees_items_another_store_on_the_same_database_stored_in_the_meantime()
    {
        await Upsert(_sourceA, Candidates.Url("https://blog.example/a", "A rather long blog post title"));
        var other = _database.Open();
        await other.UpsertItemsAsync(_sourceB, [Candidates.Url("https://blog.example/b", "Another rather long blog post title")], Now, None);

        var counts = await Upsert(_sourceA,
            Candidates.Url("https://blog.example/a", "A rather long blog post title"),
            Candidates.Url("https://blog.example/b", "Another rather long blog post title"));

        Assert.Equal(new UpsertCounts(0, 0, 2), counts);
        Assert.Equal(2, await _store.CountItemsAsync(None));
    }

    [Fact]
    public async Task Stores_an_item_again_after_the_only_source_carrying_it_was_removed()
    {
        var temporary = (await _store.AddSourceAsync(new Source { Name = "T", Url = "https://t.example/feed" }, None)).Id;
        await Upsert(temporary, Candidates.Url("https://blog.example/a", "A rather long blog post title"));
        await _store.RemoveSourceAsync(temporary, None);

        var counts = await Upsert(_sourceA, Candidates.Url("https://blog.example/a", "A rather long blog post title"));

        Assert.Equal(new UpsertCounts(1, 0, 0), counts);
        Assert.Equal([_sourceA], Assert.Single(await AllItems()).SourceIds);
    }

    [Fact]
    public async Task Fails_only_the_caller_whose_source_is_unknown_when_batches_arrive_together()
    {
        var good = Enumerable.Range(0, 20)
            .Select(i => Task.Run(() => Upsert(i % 2 == 0 ? _sourceA : _sourceB, Candidates.Url($"https://blog.example/{i}", $"Post number {i} about many things"))))
            .ToList();
        var bad = Task.Run(() => Upsert(12345, Candidates.Url("https://blog.example/bad", "A post for a source that is gone")));

        await Task.WhenAll(good);
        await Assert.ThrowsAsync<StoreException>(() => bad);

        Assert.Equal(20, await _store.CountItemsAsync(None));
        Assert.Equal(20, (await Upsert(_sourceA, [.. Enumerable.Range(0, 20).Select(i => Candidates.Url($"https://blog.example/{i}", $"Post number {i} about many things"))])).Unchanged);
    }

    [Fact]
    public async Task Stores_nothing_when_cancelled_before_writing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => _store.UpsertItemsAsync(_sourceA, [Candidates.Url("https://blog.example/a")], Now, cancelled.Token));

        Assert.Equal(0, await _store.CountItemsAsync(None));
        Assert.Equal(new UpsertCounts(1, 0, 0), await Upsert(_sourceA, Candidates.Url("https://blog.example/a")));
    }
}
