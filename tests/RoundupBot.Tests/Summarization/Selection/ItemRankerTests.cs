using RoundupBot.Model;
using RoundupBot.Summarization.Selection;

namespace RoundupBot.Tests.Summarization.Selection;

public class ItemRankerTests
{
    private static readonly DateTimeOffset End = new(2024, 1, 15, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Start = End.AddDays(-7);

    private static readonly Dictionary<long, Source> Sources = new()
    {
        [1] = new Source { Id = 1, Name = "arXiv cs.CL", Url = "https://rss.arxiv.org/rss/cs.CL", Kind = SourceKind.Arxiv },
        [2] = new Source { Id = 2, Name = "arXiv cs.LG", Url = "https://rss.arxiv.org/rss/cs.LG", Kind = SourceKind.Arxiv },
        [3] = new Source { Id = 3, Name = "Lab blog", Url = "https://lab.example.org/feed", Weight = 1.5 },
        [4] = new Source { Id = 4, Name = "Hugging Face daily papers", Url = "https://huggingface.co/api/daily_papers", Kind = SourceKind.HuggingFace },
        [5] = new Source { Id = 5, Name = "Hacker News", Url = "https://hn.algolia.com/api/v1/search", Kind = SourceKind.HackerNews },
        [6] = new Source { Id = 6, Name = "Muted", Url = "https://muted.example.org/feed", Weight = 0 },
    };

    [Fact]
    public void Signals_lift_with_diminishing_returns()
    {
        var one = ItemRanker.SignalStrength(Upvotes(50));
        var ten = ItemRanker.SignalStrength(Upvotes(500));

        Assert.Equal(0, ItemRanker.SignalStrength(Upvotes(0)));
        Assert.Equal(1, one, 6);
        // Ten times the upvotes is not ten times the signal, and each further fifty upvotes add less than the last.
        Assert.InRange(ten, 1.3, 1.7);
        var first = ItemRanker.SignalStrength(Upvotes(100)) - one;
        var second = ItemRanker.SignalStrength(Upvotes(150)) - ItemRanker.SignalStrength(Upvotes(100));
        Assert.True(second < first);
        Assert.True(ItemRanker.SignalStrength(Upvotes(51)) > one);
    }

    [Fact]
    public void Upvotes_and_points_are_comparable_across_sources()
    {
        // A day's top Hugging Face paper and a front-page Hacker News story say about as much.
        Assert.Equal(ItemRanker.SignalStrength(Upvotes(50)), ItemRanker.SignalStrength(Points(300)), 6);
        Assert.True(ItemRanker.SignalStrength(Points(50)) < ItemRanker.SignalStrength(Upvotes(50)));
    }

    [Fact]
    public void A_huge_signal_cannot_swamp_the_other_factors()
    {
        var items = new[] { Paper(1, "A"), Paper(2, "B") };
        var signals = Signals((1, 4, Upvotes(CommunitySignal.MaxCount)), (1, 5, Points(CommunitySignal.MaxCount)));

        var ranked = ItemRanker.Rank(items, Sources, [], Start, End, signals);

        Assert.Equal(1 + ItemRanker.MaxSignals, ranked[0].Factors!.Signals);
        Assert.Equal(1, ranked[1].Factors!.Signals);
    }

    [Fact]
    public void A_signalled_paper_outranks_an_unsignalled_one_and_community_sources_are_not_counted_as_feeds()
    {
        var quiet = Paper(1, "Quiet paper") with { SourceIds = [1] };
        var talked = Paper(2, "Talked-about paper") with { SourceIds = [1, 4, 5] };
        var signals = Signals((2, 4, Upvotes(120)), (2, 5, Points(300)));

        var ranked = ItemRanker.Rank([quiet, talked], Sources, [], Start, End, signals);

        Assert.Equal(talked.Id, ranked[0].Item.Id);
        Assert.Equal(1, ranked[0].Factors!.Attention);
        Assert.InRange(ranked[0].Factors!.Signals, 3.1, 3.3);
        // The shown source is the feed's, not the community's.
        Assert.Equal("arXiv cs.CL", ranked[0].SourceName);
    }

    [Fact]
    public void Items_that_tie_on_score_rank_by_relevance_to_the_focus_not_by_store_order()
    {
        // Same weight, same date, no signals, no mentions: the flood of an arXiv day.
        var items = Enumerable.Range(1, 6).Select(i => Paper(i, $"Paper {i}")).ToList();
        var relevance = new Dictionary<long, double> { [1] = 0.2, [2] = 0.5, [3] = 0.3, [4] = 0.6, [5] = 0.4, [6] = 0.1 };

        var ranked = ItemRanker.Rank(items, Sources, [], Start, End, relevance: relevance);
        var reversed = ItemRanker.Rank([.. items.AsEnumerable().Reverse()], Sources, [], Start, End, relevance: relevance);

        Assert.Equal([4L, 2, 5, 3, 1, 6], ranked.Select(r => r.Item.Id));
        Assert.Equal(ranked.Select(r => r.Item.Id), reversed.Select(r => r.Item.Id));
        Assert.Equal(0.5 + 0.6, ranked[0].Factors!.Focus, 6);
    }

    [Fact]
    public void Items_equal_in_every_factor_fall_back_to_their_canonical_key_whatever_their_ids()
    {
        var a = Paper(9, "Later id, earlier key") with { CanonicalKey = "arxiv:2401.00001" };
        var b = Paper(1, "Earlier id, later key") with { CanonicalKey = "arxiv:2401.00002" };

        var ranked = ItemRanker.Rank([b, a], Sources, [], Start, End);

        Assert.Equal([9L, 1], ranked.Select(r => r.Item.Id));
    }

    [Fact]
    public void Every_factor_is_reported_and_multiplies_to_the_score()
    {
        var post = new Item
        {
            Id = 7, CanonicalKey = "url:lab.example.org/post", Title = "Reasoning with small models", Link = "https://lab.example.org/post",
            Published = End.AddDays(-3.5), FirstSeenAt = End, ContentHash = "h", SourceIds = [3, 5], MentionCount = 2,
        };
        var signals = Signals((7, 5, Points(300)));

        var ranked = Assert.Single(ItemRanker.Rank([post], Sources, ["reasoning"], Start, End, signals, new Dictionary<long, double> { [7] = 0.4 }));

        var f = ranked.Factors!;
        Assert.Equal(1.5, f.Weight);
        Assert.Equal(2, f.Attention);
        Assert.Equal(2, f.Signals, 4);
        Assert.Equal(Math.Pow(0.5, 0.5), f.Recency, 4);
        Assert.Equal(0.9, f.Focus, 4);
        Assert.Equal(1.25, f.Interests);
        Assert.Equal(f.Weight * f.Attention * f.Signals * f.Recency * f.Focus * f.Interests, ranked.Score, 3);
        Assert.Equal(0.4, ranked.Relevance);
    }

    [Fact]
    public void A_muted_source_keeps_its_items_out()
    {
        var muted = Paper(1, "Muted") with { SourceIds = [6] };

        Assert.Empty(ItemRanker.Rank([muted], Sources, [], Start, End));
    }

    private static Item Paper(long id, string title) => new()
    {
        Id = id,
        CanonicalKey = $"arxiv:2401.{id:00000}",
        Title = title,
        Link = $"https://arxiv.org/abs/2401.{id:00000}",
        ArxivId = $"2401.{id:00000}",
        Published = End.AddDays(-1),
        FirstSeenAt = End,
        ContentHash = "h" + id,
        SourceIds = [1],
    };

    private static CommunitySignal Upvotes(long count) => new() { Kind = SignalKinds.Upvotes, Count = count, DiscussionUrl = "https://huggingface.co/papers/x" };

    private static CommunitySignal Points(long count) => new() { Kind = SignalKinds.Points, Count = count, DiscussionUrl = "https://news.ycombinator.com/item?id=1" };

    private static Dictionary<long, IReadOnlyList<ItemSignal>> Signals(params (long Item, long Source, CommunitySignal Signal)[] signals) =>
        signals.GroupBy(s => s.Item).ToDictionary(
            g => g.Key,
            g => (IReadOnlyList<ItemSignal>)[.. g.Select(s => new ItemSignal { ItemId = s.Item, SourceId = s.Source, Signal = s.Signal, FirstSeenAt = End, UpdatedAt = End })]);
}
