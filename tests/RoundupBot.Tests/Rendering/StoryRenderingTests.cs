using System.Text.Json;
using RoundupBot.Model;
using RoundupBot.Publishing.Discord;
using RoundupBot.Rendering;
using RoundupBot.Tests.TestSupport;

namespace RoundupBot.Tests.Rendering;

/// <summary>A story's other coverage ("discussed in …") in every rendering, within each one's limits.</summary>
public class StoryRenderingTests
{
    private static readonly RelatedLink Post = new()
    {
        Title = "Small models, big results", Link = "https://www.microsoft.com/en-us/research/blog/small-models-big-results/", Source = "Microsoft Research Blog",
    };

    private static readonly RelatedLink Thread = new() { Title = "312 points, 95 comments", Link = "https://news.ycombinator.com/item?id=38900002", Source = "Hacker News" };

    [Fact]
    public void Every_renderer_shows_the_coverage_of_a_section_story_and_of_an_other_read()
    {
        var digest = WithStories(SampleDigests.Issue(sections: 4, sentences: 3, itemsPerSection: 3), [Post, Thread]);

        var markdown = MarkdownRenderer.Render(digest);
        var text = TextRenderer.Render(digest);
        var html = EmailHtmlRenderer.Render(digest, EmailLinks.Preview());
        var discord = JsonSerializer.Serialize(DiscordRenderer.Render(digest, null));

        Assert.Contains("— discussed in [Small models, big results](<https://www.microsoft.com/en-us/research/blog/small-models-big-results/>) (Microsoft Research Blog), [312 points, 95 comments](<https://news.ycombinator.com/item?id=38900002>) (Hacker News)", markdown, StringComparison.Ordinal);
        Assert.Contains("(discussed in [Small models, big results]", markdown, StringComparison.Ordinal);
        Assert.Contains("    Discussed in Microsoft Research Blog: Small models, big results https://www.microsoft.com/en-us/research/blog/small-models-big-results/\n", text, StringComparison.Ordinal);
        Assert.Contains("  Discussed in Hacker News: 312 points, 95 comments https://news.ycombinator.com/item?id=38900002\n", text, StringComparison.Ordinal);
        Assert.Contains("discussed in <a", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://news.ycombinator.com/item?id=38900002\"", html, StringComparison.Ordinal);
        Assert.Contains("discussed in [Microsoft Research Blog](https://www.microsoft.com/en-us/research/blog/small-models-big-results/)", discord, StringComparison.Ordinal);
        Assert.Equal(2, CountOf(discord, "news.ycombinator.com/item?id=38900002"));
    }

    [Fact]
    public void Discord_shows_at_most_three_coverage_links_and_drops_them_before_breaking_a_limit()
    {
        var many = Enumerable.Range(1, 8).Select(i => new RelatedLink
        {
            Title = $"Coverage {i}", Link = $"https://news.example.org/{new string('x', 120)}/{i}", Source = $"News site number {i} with a long name",
        }).ToList();
        var digest = WithStories(SampleDigests.Issue(sections: 7, sentences: 30, itemsPerSection: 8), many);

        var messages = DiscordRenderer.Render(digest, null);

        var fields = messages.SelectMany(m => m.Embeds ?? []).SelectMany(e => e.Fields ?? []).ToList();
        Assert.All(fields, f => Assert.InRange(f.Value.Length, 1, DiscordLimits.FieldValueLength));
        Assert.All(messages, m => Assert.InRange((m.Embeds ?? []).Sum(e => e.CountCharacters()), 0, DiscordLimits.EmbedsTotalLength));
        var json = JsonSerializer.Serialize(messages);
        Assert.Contains("/1)", json, StringComparison.Ordinal);
        Assert.DoesNotContain("/4)", json, StringComparison.Ordinal);
    }

    private static Digest WithStories(Digest digest, IReadOnlyList<RelatedLink> related) => digest with
    {
        Sections = [.. digest.Sections.Select((s, i) => i == 0 ? s with { Items = [s.Items[0] with { Related = related }, .. s.Items.Skip(1)] } : s)],
        OtherReads = [digest.OtherReads[0] with { Related = related }, .. digest.OtherReads.Skip(1)],
    };

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
