using System.Text;
using RoundupBot.Ingestion.Normalization;
using RoundupBot.Ingestion.Parsing;
using RoundupBot.Model;

namespace RoundupBot.Tests.Ingestion.Parsing;

/// <summary>Hugging Face daily papers and Hacker News search answers, in the real shapes (TestData/Community).</summary>
public class CommunityParserTests
{
    private const string HuggingFaceUrl = "https://huggingface.co/api/daily_papers";
    private const string HackerNewsUrl = "https://hn.algolia.com/api/v1/search_by_date?query=LLM&tags=story";
    private readonly FeedParser _parser = new();

    [Fact]
    public void Reads_hugging_face_daily_papers_as_arxiv_papers_with_their_upvotes()
    {
        var feed = _parser.Parse(Community("daily-papers.json", HuggingFaceUrl), SourceKind.HuggingFace);

        Assert.Equal(FeedKind.HuggingFace, feed.Kind);
        Assert.Equal(4, feed.Entries.Count);
        var paper = feed.Entries[0];
        Assert.Equal("Textbook-Quality Data Lets a 2.7B Language Model Rival Models 25 Times Larger", paper.Title);
        Assert.Equal("https://arxiv.org/abs/2401.10001", paper.Link);
        Assert.StartsWith("We train a 2.7 billion parameter language model", paper.Summary);
        Assert.Equal(["Ada Example", "Ben Sample"], paper.Authors);
        Assert.Equal(new DateTimeOffset(2024, 1, 9, 18, 59, 59, TimeSpan.Zero), paper.Published);
        Assert.Equal(new CommunitySignal { Kind = SignalKinds.Upvotes, Count = 142, Comments = 9, DiscussionUrl = "https://huggingface.co/papers/2401.10001" }, paper.Signal);

        var candidate = new ItemNormalizer().Normalize(paper);
        Assert.Equal("arxiv:2401.10001", candidate.CanonicalKey);
        Assert.True(candidate.JoinOnly);
    }

    [Fact]
    public void Reads_hacker_news_stories_with_their_points_and_skips_and_counts_hits_without_an_http_url()
    {
        var feed = _parser.Parse(Community("hn-search.json", HackerNewsUrl), SourceKind.HackerNews);

        Assert.Equal(FeedKind.HackerNews, feed.Kind);
        Assert.Equal(3, feed.Entries.Count);
        Assert.Equal(["2 entries without a title or an http URL"], feed.Skipped.Select(s => s.ToString()));
        var story = feed.Entries[0];
        Assert.Equal("LLM-driven program search finds new cap set constructions", story.Title);
        Assert.Equal("https://arxiv.org/abs/2401.10011", story.Link);
        Assert.Equal(new DateTimeOffset(2024, 1, 10, 16, 20, 0, TimeSpan.Zero), story.Published);
        Assert.Equal(421, story.Signal!.Count);
        Assert.Equal(187, story.Signal.Comments);
        Assert.Equal(SignalKinds.Points, story.Signal.Kind);
        Assert.Equal("https://news.ycombinator.com/item?id=38900001", story.Signal.DiscussionUrl);
        // An arXiv link joins the paper; a blog URL the post.
        Assert.Equal("arxiv:2401.10011", new ItemNormalizer().Normalize(story).CanonicalKey);
        Assert.Equal("https://www.microsoft.com/en-us/research/blog/small-models-big-results/", feed.Entries[1].Link);
    }

    [Theory]
    [InlineData(SourceKind.HuggingFace, "expected Hugging Face daily papers JSON")]
    [InlineData(SourceKind.HackerNews, "expected Hacker News search JSON")]
    public void An_html_error_page_is_a_clear_error_naming_the_url(SourceKind kind, string expected)
    {
        var ex = Assert.Throws<FeedParseException>(() => _parser.Parse(Fixtures.FromText(
            "<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head><body>Try again later</body></html>", HuggingFaceUrl), kind));

        Assert.Equal($"{HuggingFaceUrl}: {expected}" + (kind == SourceKind.HuggingFace
            ? " (an array of { paper: { id, title, upvotes } }) but got an HTML page (an error or login page?)"
            : " ({ hits: [ { objectID, title, url, points } ] }) but got an HTML page (an error or login page?)"), ex.Message);
    }

    [Theory]
    [InlineData(SourceKind.HuggingFace, """{ "error": "Invalid date" }""", "but got an error object (Invalid date)")]
    [InlineData(SourceKind.HuggingFace, """{ "papers": [] }""", "but got an object with keys papers")]
    [InlineData(SourceKind.HackerNews, """[ { "objectID": "1" } ]""", "but got an array")]
    [InlineData(SourceKind.HackerNews, """{ "hits": "none" }""", "but got an object with keys hits")]
    [InlineData(SourceKind.HackerNews, """{ "hits": [ { "title": "x", "url": "https://a.example" """, "the JSON is malformed")]
    [InlineData(SourceKind.HackerNews, """{"version":"https://jsonfeed.org/version/1.1","items":[]}""", "but got an object with keys version, items")]
    public void An_answer_of_another_shape_is_a_clear_error(SourceKind kind, string body, string expected)
    {
        var ex = Assert.Throws<FeedParseException>(() => _parser.Parse(Fixtures.FromText(body, HackerNewsUrl), kind));

        Assert.StartsWith(HackerNewsUrl + ": ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[ { "paper": { "title": "No id", "upvotes": 3 } } ]""", "entry 0 has no paper.id (the arXiv id, such as \"2312.11805\")")]
    [InlineData("""[ { "title": "No paper" } ]""", "entry 0 has no \"paper\" object")]
    [InlineData("""[ { "paper": { "id": "not-an-id", "title": "T" } } ]""", "entry 0 has paper.id \"not-an-id\", which is not an arXiv id")]
    [InlineData("""[ { "paper": { "id": "2401.00001", "title": "T", "upvotes": -4 } } ]""", "entry 0 (paper 2401.00001) has upvotes -4; expected a whole number from 0 to 10,000,000")]
    [InlineData("""[ { "paper": { "id": "2401.00001", "title": "T", "upvotes": 1e30 } } ]""", "entry 0 (paper 2401.00001) has upvotes 1e30; expected a whole number")]
    [InlineData("""[ { "paper": { "id": "2401.00001", "title": "T", "upvotes": "12" } } ]""", "has upvotes \"12\"; expected a whole number")]
    [InlineData("""[ { "paper": { "id": "2401.00001", "title": "T" }, "numComments": 99999999999 } ]""", "has numComments 99999999999; expected")]
    public void Hugging_face_entries_with_missing_ids_or_impossible_numbers_fail_the_answer(string body, string expected)
    {
        var ex = Assert.Throws<FeedParseException>(() => _parser.Parse(Fixtures.FromText(body, HuggingFaceUrl), SourceKind.HuggingFace));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith(HuggingFaceUrl, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "hits": [ { "title": "No id", "url": "https://a.example/", "points": 3 } ] }""", "hit 0 has no objectID (the story's numeric id)")]
    [InlineData("""{ "hits": [ { "objectID": "12ab", "title": "T", "url": "https://a.example/" } ] }""", "hit 0 has no objectID (the story's numeric id); got \"12ab\"")]
    [InlineData("""{ "hits": [ { "objectID": "7", "title": "T", "url": "https://a.example/", "points": -1 } ] }""", "hit 0 (story 7) has points -1")]
    [InlineData("""{ "hits": [ { "objectID": "7", "title": "T", "url": "https://a.example/", "points": 10000001 } ] }""", "hit 0 (story 7) has points 10000001")]
    [InlineData("""{ "hits": [ 42 ] }""", "hit 0 is a number, not a story object")]
    public void Hacker_news_hits_with_missing_ids_or_impossible_numbers_fail_the_answer(string body, string expected)
    {
        var ex = Assert.Throws<FeedParseException>(() => _parser.Parse(Fixtures.FromText(body, HackerNewsUrl), SourceKind.HackerNews));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ten_megabytes_of_hits_is_a_clear_error_not_a_flood_of_items()
    {
        var hits = new StringBuilder("{ \"hits\": [");
        var i = 0;
        while (hits.Length < 10 * 1024 * 1024 - 200)
        {
            hits.Append(i == 0 ? "" : ",").Append("{\"objectID\":\"").Append(i).Append("\",\"title\":\"Story ").Append(i)
                .Append("\",\"url\":\"https://blog.example.org/").Append(i).Append("\",\"points\":5,\"num_comments\":1,\"created_at\":\"2024-01-10T10:00:00Z\"}");
            i++;
        }

        hits.Append("] }");

        var ex = Assert.Throws<FeedParseException>(() => _parser.Parse(Fixtures.FromText(hits.ToString(), HackerNewsUrl), SourceKind.HackerNews));

        Assert.Contains($"the answer holds {i} hits, more than the 1000 one search page may hold; lower hitsPerPage", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ftp://mirror.example.org/x")]
    [InlineData("javascript:alert(1)")]
    [InlineData("/relative/path")]
    public void A_hit_without_an_http_url_is_skipped_and_counted(string? url)
    {
        var json = url is null ? "null" : $"\"{url}\"";
        var feed = _parser.Parse(Fixtures.FromText(
            $$"""{ "hits": [ { "objectID": "1", "title": "Skipped", "url": {{json}}, "points": 5 }, { "objectID": "2", "title": "Kept", "url": "https://blog.example.org/post", "points": 0 } ] }""",
            HackerNewsUrl), SourceKind.HackerNews);

        Assert.Equal(["1 entry without a title or an http URL"], feed.Skipped.Select(s => s.ToString()));
        Assert.Equal("Kept", Assert.Single(feed.Entries).Title);
        Assert.Equal(0, feed.Entries[0].Signal!.Count);
    }

    private static FeedDocument Community(string name, string url) =>
        new(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "Community", name)), new Uri(url));
}
