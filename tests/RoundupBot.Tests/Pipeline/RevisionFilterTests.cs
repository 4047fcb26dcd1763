using RoundupBot.Model;
using RoundupBot.Pipeline;
using RoundupBot.Storage;

namespace RoundupBot.Tests.Pipeline;

public class RevisionFilterTests
{
    private static readonly DateTimeOffset Now = new(2024, 1, 15, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Start = Now.AddDays(-7);

    [Fact]
    public void A_revision_or_an_api_entry_first_published_before_the_window_is_left_out_when_nothing_discusses_it()
    {
        var revision = Paper(1, Now.AddDays(-2));
        var oldApiEntry = Paper(2, Now.AddDays(-40));
        var fresh = Paper(3, Now.AddDays(-1));

        var (items, discussed) = DigestBuilder.WithoutRevisions([revision, oldApiEntry, fresh], Facts(revisions: [1]), Start, Start);

        Assert.Equal([3L], items.Select(i => i.Id));
        Assert.Empty(discussed);
    }

    [Fact]
    public void A_revision_a_fresh_post_links_is_kept_and_marked_discussed()
    {
        var revision = Paper(1, Now.AddDays(-2));
        var post = new Item { Id = 2, CanonicalKey = "url:blog.example.org/p", Title = "Post", Link = "https://blog.example.org/p", Published = Now.AddDays(-1), ContentHash = "h" };

        var (items, discussed) = DigestBuilder.WithoutRevisions(
            [revision, post], Facts(revisions: [1], mentions: new() { [2] = ["arxiv:2401.00001"] }), Start, Start);

        Assert.Equal([1L, 2], items.Select(i => i.Id));
        Assert.Equal([1L], discussed);
    }

    [Fact]
    public void An_old_post_linking_an_old_paper_does_not_make_it_news()
    {
        var oldPaper = Paper(1, Now.AddDays(-30));
        var oldPost = new Item { Id = 2, CanonicalKey = "url:blog.example.org/old", Title = "Old post", Link = "https://blog.example.org/old", Published = Now.AddDays(-20), ContentHash = "h" };

        var (items, _) = DigestBuilder.WithoutRevisions([oldPaper, oldPost], Facts(mentions: new() { [2] = ["arxiv:2401.00001"] }), Start, Start);

        Assert.Empty(items);
    }

    [Fact]
    public void A_community_listing_this_week_discusses_a_revision_but_one_first_seen_before_the_window_does_not()
    {
        var listedThisWeek = Paper(1, Now.AddDays(-2));
        var listedLongAgo = Paper(2, Now.AddDays(-2));
        var signals = new Dictionary<long, IReadOnlyList<ItemSignal>>
        {
            [1] = [Signal(1, firstSeen: Now.AddDays(-1))],
            [2] = [Signal(2, firstSeen: Start.AddDays(-10))],
        };

        var (items, discussed) = DigestBuilder.WithoutRevisions([listedThisWeek, listedLongAgo], Facts(revisions: [1, 2], signals: signals), Start, Start);

        Assert.Equal([1L], items.Select(i => i.Id));
        Assert.Equal([1L], discussed);
    }

    private static Item Paper(long id, DateTimeOffset published) => new()
    {
        Id = id, CanonicalKey = $"arxiv:2401.{id:00000}", Title = $"Paper {id}", Link = $"https://arxiv.org/abs/2401.{id:00000}",
        ArxivId = $"2401.{id:00000}", Published = published, FirstSeenAt = Now.AddHours(-1), ContentHash = "h",
    };

    private static ItemSignal Signal(long item, DateTimeOffset firstSeen) => new()
    {
        ItemId = item, SourceId = 9, FirstSeenAt = firstSeen, UpdatedAt = Now.AddHours(-1),
        Signal = new CommunitySignal { Kind = SignalKinds.Points, Count = 40, DiscussionUrl = "https://news.ycombinator.com/item?id=1" },
    };

    private static SelectionFacts Facts(
        HashSet<long>? revisions = null, Dictionary<long, IReadOnlyList<string>>? mentions = null, Dictionary<long, IReadOnlyList<ItemSignal>>? signals = null) =>
        new(revisions ?? [], signals ?? [], mentions ?? []);
}
