using RoundupBot.Model;
using RoundupBot.Summarization.Selection;

namespace RoundupBot.Tests.Summarization.Selection;

public class StoryBuilderTests
{
    [Fact]
    public void A_post_that_links_a_paper_joins_its_story_and_lifts_it()
    {
        var paper = Ranked(Paper(1), 0.5);
        var other = Ranked(Paper(2), 1.0);
        var post = Ranked(Post(3), 1.2);

        var stories = StoryBuilder.Build([post, other, paper], Mentions((3, ["arxiv:2401.00001"])));

        Assert.Equal(2, stories.Count);
        Assert.Equal(1, stories[0].Lead.Item.Id);
        Assert.Equal(3, Assert.Single(stories[0].Coverage).Item.Id);
        Assert.Equal(1.7, stories[0].Score, 6);
        Assert.Equal(1.7, stories[0].Lead.Score, 6);
        Assert.DoesNotContain(stories, s => s.Lead.Item.Id == 3);
    }

    [Fact]
    public void A_post_linking_two_papers_joins_the_better_ranked_one()
    {
        var stories = StoryBuilder.Build(
            [Ranked(Paper(1), 2), Ranked(Paper(2), 1), Ranked(Post(3), 0.5)],
            Mentions((3, ["arxiv:2401.00002", "arxiv:2401.00001"])));

        Assert.Equal(3, Assert.Single(stories.Single(s => s.Lead.Item.Id == 1).Coverage).Item.Id);
        Assert.Empty(stories.Single(s => s.Lead.Item.Id == 2).Coverage);
    }

    [Fact]
    public void A_paper_citing_another_is_not_its_coverage()
    {
        var stories = StoryBuilder.Build([Ranked(Paper(1), 2), Ranked(Paper(2), 1)], Mentions((2, ["arxiv:2401.00001"])));

        Assert.Equal(2, stories.Count);
        Assert.All(stories, s => Assert.Empty(s.Coverage));
    }

    [Fact]
    public void Posts_that_link_each_other_make_one_story_led_by_the_best_ranked_without_looping()
    {
        var stories = StoryBuilder.Build(
            [Ranked(Post(1), 3), Ranked(Post(2), 2), Ranked(Post(3), 1)],
            Mentions((1, ["url:blog.example.org/2"]), (2, ["url:blog.example.org/1"]), (3, ["url:blog.example.org/2"])));

        var story = Assert.Single(stories);
        Assert.Equal(1, story.Lead.Item.Id);
        Assert.Equal([2L, 3], story.Coverage.Select(c => c.Item.Id));
    }

    [Fact]
    public void A_post_linking_a_paper_outside_the_window_leads_its_own_story()
    {
        var stories = StoryBuilder.Build([Ranked(Post(1), 1)], Mentions((1, ["arxiv:1706.03762"])));

        Assert.Equal(1, Assert.Single(stories).Lead.Item.Id);
    }

    private static RankedItem Ranked(Item item, double score) => new(item, score, "source");

    private static Item Paper(long id) => new()
    {
        Id = id, CanonicalKey = $"arxiv:2401.{id:00000}", Title = $"Paper {id}", Link = $"https://arxiv.org/abs/2401.{id:00000}",
        ArxivId = $"2401.{id:00000}", ContentHash = "h",
    };

    private static Item Post(long id) => new()
    {
        Id = id, CanonicalKey = $"url:blog.example.org/{id}", Title = $"Post {id}", Link = $"https://blog.example.org/{id}", ContentHash = "h",
    };

    private static Dictionary<long, IReadOnlyList<string>> Mentions(params (long Item, string[] Keys)[] mentions) =>
        mentions.ToDictionary(m => m.Item, m => (IReadOnlyList<string>)m.Keys);
}
