using RoundupBot.Model;
using RoundupBot.Storage;

namespace RoundupBot.Tests.Storage;

/// <summary>The store contract for arXiv announcements and community signals, run against every provider by the subclasses.</summary>
public abstract class StoreSignalTests : IAsyncLifetime
{
    private StoreDatabase _database = null!;
    private IRoundupStore _store = null!;
    private static CancellationToken None => CancellationToken.None;

    public async Task InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        _store = await _database.OpenMigratedAsync();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    protected abstract Task<StoreDatabase> CreateDatabaseAsync();

    [Fact]
    public async Task A_replaced_paper_is_a_revision_until_a_new_or_cross_listing_of_it_is_seen()
    {
        var cl = await AddAsync("arXiv cs.CL", SourceKind.Arxiv);
        var lg = await AddAsync("arXiv cs.LG", SourceKind.Arxiv);
        ItemCandidate[] first =
        [
            Candidates.Arxiv("2306.00001", 3, "Revised paper") with { AnnounceType = "replace" },
            Candidates.Arxiv("2311.00002", 2, "Cross-revised paper") with { AnnounceType = "replace-cross" },
            Candidates.Arxiv("2401.00003", 1, "New paper") with { AnnounceType = "new" },
            Candidates.Arxiv("2401.00004", 1, "Listed later in another category") with { AnnounceType = "replace" },
            Candidates.Arxiv("2401.00005", 1, "From the API") with { AnnounceType = null },
        ];
        await StoreAsync(cl, first);
        await StoreAsync(lg, [Candidates.Arxiv("2401.00004", 1, "Listed later in another category") with { AnnounceType = "cross" }]);
        // A later replace of a paper first seen as new does not make it old news.
        await StoreAsync(lg, [Candidates.Arxiv("2401.00003", 2, "New paper, v2") with { AnnounceType = "replace" }]);

        var (items, facts) = await FactsAsync();

        Assert.Equal(["2306.00001", "2311.00002"], items.Where(i => facts.Revisions.Contains(i.Id)).Select(i => i.ArxivId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Signals_are_stored_per_item_and_source_and_a_later_fetch_refreshes_the_numbers()
    {
        var arxiv = await AddAsync("arXiv cs.CL", SourceKind.Arxiv);
        var hf = await AddAsync("Hugging Face daily papers", SourceKind.HuggingFace);
        var hn = await AddAsync("Hacker News", SourceKind.HackerNews);
        await StoreAsync(arxiv, [Candidates.Arxiv("2401.00001", 1, "The paper")]);
        var seen = _database.Time.GetUtcNow();
        await StoreAsync(hf, [Community("https://arxiv.org/abs/2401.00001", "The paper", Upvotes(12, 1))]);
        await StoreAsync(hn, [Community("https://arxiv.org/abs/2401.00001v1", "Show HN: the paper", Points(40, 7, "1"))]);

        _database.Time.Advance(TimeSpan.FromHours(3));
        await StoreAsync(hf, [Community("https://arxiv.org/abs/2401.00001", "The paper", Upvotes(57, 4))]);

        var (items, facts) = await FactsAsync();
        var paper = Assert.Single(items);
        Assert.Equal("The paper", paper.Title);
        var signals = facts.Signals[paper.Id].OrderBy(s => s.SourceId).ToList();
        Assert.Equal(2, signals.Count);
        Assert.Equal(new CommunitySignal { Kind = SignalKinds.Upvotes, Count = 57, Comments = 4, DiscussionUrl = "https://huggingface.co/papers/x" }, signals[0].Signal);
        Assert.Equal(hf, signals[0].SourceId);
        Assert.Equal(seen, signals[0].FirstSeenAt);
        Assert.Equal(seen.AddHours(3), signals[0].UpdatedAt);
        Assert.Equal(40, signals[1].Signal.Count);
        Assert.Equal("Show HN: the paper", signals[1].Signal.Title);
    }

    [Fact]
    public async Task A_story_never_rewrites_the_post_it_joins_and_two_stories_of_one_link_keep_the_higher_count()
    {
        var blog = await AddAsync("Lab blog", SourceKind.Rss);
        var hn = await AddAsync("Hacker News", SourceKind.HackerNews);
        await StoreAsync(blog, [Candidates.Url("https://lab.example.org/post", "The lab's own title", "The post's text.")]);

        await StoreAsync(hn,
        [
            Community("https://lab.example.org/post?utm_source=hn", "HN title one", Points(15, 2, "1")),
            Community("https://lab.example.org/post", "HN title two", Points(90, 30, "2")),
            Community("https://elsewhere.example.org/essay", "An essay we do not carry", Points(5, 0, "3")),
        ]);

        var (items, facts) = await FactsAsync();
        Assert.Equal(2, items.Count);
        var post = items.Single(i => i.Link == "https://lab.example.org/post");
        Assert.Equal("The lab's own title", post.Title);
        Assert.Equal("The post's text.", post.Summary);
        Assert.Equal(90, Assert.Single(facts.Signals[post.Id]).Signal.Count);
        var essay = items.Single(i => i.Link == "https://elsewhere.example.org/essay");
        Assert.Equal("An essay we do not carry", essay.Title);
        Assert.Equal(5, Assert.Single(facts.Signals[essay.Id]).Signal.Count);
    }

    [Fact]
    public async Task Mentions_are_listed_per_item_and_removing_a_source_removes_its_signals()
    {
        var blog = await AddAsync("Lab blog", SourceKind.Rss);
        var hn = await AddAsync("Hacker News", SourceKind.HackerNews);
        var arxiv = await AddAsync("arXiv", SourceKind.Arxiv);
        await StoreAsync(arxiv, [Candidates.Arxiv("2401.00001", 1, "The paper")]);
        await StoreAsync(blog, [Candidates.Normalize(new FeedEntry
        {
            Title = "Our post on the paper", Link = "https://lab.example.org/post", ContentLinks = ["https://arxiv.org/pdf/2401.00001v1.pdf", "https://doi.org/10.1000/XYZ"],
        })]);
        await StoreAsync(hn, [Community("https://arxiv.org/abs/2401.00001", "Story", Points(10, 1, "1"))]);

        var (items, facts) = await FactsAsync();
        var post = items.Single(i => i.Link == "https://lab.example.org/post");
        Assert.Equal(["arxiv:2401.00001", "doi:10.1000/xyz"], facts.Mentions[post.Id]);
        Assert.NotEmpty(facts.Signals);

        await _store.RemoveSourceAsync(hn, None);
        (_, facts) = await FactsAsync();
        Assert.Empty(facts.Signals);
        Assert.Empty((await _store.GetSelectionFactsAsync([], None)).Mentions);
    }

    private async Task<long> AddAsync(string name, SourceKind kind) =>
        (await _store.AddSourceAsync(new Source { Name = name, Url = $"https://{kind.ToString().ToLowerInvariant()}.example/{Uri.EscapeDataString(name)}", Kind = kind }, None)).Id;

    private async Task StoreAsync(long sourceId, IReadOnlyList<ItemCandidate> candidates)
    {
        var now = _database.Time.GetUtcNow();
        await _store.UpsertItemsAsync(sourceId, candidates, now, None);
        await _store.SaveAnnouncementsAsync(candidates, None);
        await _store.SaveSignalsAsync(sourceId, candidates, now, None);
    }

    private async Task<(IReadOnlyList<Item> Items, SelectionFacts Facts)> FactsAsync()
    {
        var items = await _store.ListItemsAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, None);
        return (items, await _store.GetSelectionFactsAsync([.. items.Select(i => i.Id)], None));
    }

    private static ItemCandidate Community(string link, string title, CommunitySignal signal) =>
        Candidates.Normalize(new FeedEntry { Title = title, Link = link, Signal = signal.Kind == SignalKinds.Points ? signal with { Title = title } : signal });

    private static CommunitySignal Upvotes(long count, long comments) =>
        new() { Kind = SignalKinds.Upvotes, Count = count, Comments = comments, DiscussionUrl = "https://huggingface.co/papers/x" };

    private static CommunitySignal Points(long count, long comments, string id) =>
        new() { Kind = SignalKinds.Points, Count = count, Comments = comments, DiscussionUrl = "https://news.ycombinator.com/item?id=" + id, Title = null };
}
