using RoundupBot.Model;
using RoundupBot.Summarization.Selection;

namespace RoundupBot.Tests.Summarization.Selection;

public class SectionBalancerTests
{
    [Fact]
    public void A_section_is_not_filled_by_one_source_when_others_have_candidates()
    {
        // Eight papers (from two arXiv category feeds: one origin) rank above two lab posts.
        var members = Enumerable.Range(1, 8).Select(i => Paper(i, i % 2 == 0 ? "arXiv cs.CL" : "arXiv cs.LG"))
            .Append(Post(9, "Lab blog")).Append(Post(10, "News site")).ToList();

        var picked = SectionBalancer.Pick(members, 6);

        Assert.Equal(6, picked.Count);
        // Half for arXiv, both posts, and the place left goes back to the next paper.
        Assert.Equal([1L, 2, 3, 4, 9, 10], picked.Select(p => p.Item.Id));
        Assert.Contains(picked, p => p.Item.Id == 9);
        Assert.Contains(picked, p => p.Item.Id == 10);
        Assert.Equal(picked.OrderBy(p => members.IndexOf(p)), picked);
    }

    [Fact]
    public void When_only_one_source_has_candidates_it_fills_the_section()
    {
        var members = Enumerable.Range(1, 9).Select(i => Paper(i, "arXiv cs.CL")).ToList();

        Assert.Equal([1L, 2, 3, 4, 5, 6], SectionBalancer.Pick(members, 6).Select(p => p.Item.Id));
    }

    [Fact]
    public void The_places_others_cannot_fill_go_back_to_the_best_ranked()
    {
        var members = Enumerable.Range(1, 7).Select(i => Paper(i, "arXiv cs.CL")).Append(Post(8, "Lab blog")).ToList();

        var picked = SectionBalancer.Pick(members, 6);

        Assert.Equal([1L, 2, 3, 4, 5, 8], picked.Select(p => p.Item.Id));
    }

    private static RankedItem Paper(long id, string source) => new(new Item
    {
        Id = id, CanonicalKey = $"arxiv:2401.{id:00000}", Title = $"Paper {id}", Link = $"https://arxiv.org/abs/2401.{id:00000}", ArxivId = $"2401.{id:00000}", ContentHash = "h",
    }, 10 - id, source);

    private static RankedItem Post(long id, string source) => new(new Item
    {
        Id = id, CanonicalKey = $"url:blog.example.org/{id}", Title = $"Post {id}", Link = $"https://blog.example.org/{id}", ContentHash = "h",
    }, 10 - id, source);
}
