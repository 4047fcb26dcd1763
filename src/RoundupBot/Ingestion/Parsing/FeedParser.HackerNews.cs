using System.Text.Json;
using RoundupBot.Model;

namespace RoundupBot.Ingestion.Parsing;

public sealed partial class FeedParser
{
    private const string ExpectedHackerNews = "Hacker News search JSON ({ hits: [ { objectID, title, url, points } ] })";

    /// <summary>
    /// Hacker News' search API (<c>https://hn.algolia.com/api/v1/search?…</c>): <c>{ hits: [ { objectID, title, url,
    /// points, num_comments, created_at } ] }</c>, one entry per story, linked to the page the story points at (so an
    /// arXiv link joins the paper, a blog URL the post). Stories without a URL (Ask HN) or with a non-http one are skipped
    /// and counted in <see cref="ParsedFeed.Skipped"/>.
    /// </summary>
    private static ParsedFeed ParseHackerNews(string text, DocumentFormat format, ParseBudget budget)
    {
        var url = budget.Url;
        using var document = ReadCommunityJson(text, format, ExpectedHackerNews, budget);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("hits", out var hits) || hits.ValueKind != JsonValueKind.Array)
        {
            throw Fail(url, $"expected {ExpectedHackerNews} but got {Describe(root)}");
        }

        var count = hits.GetArrayLength();
        if (count > MaxCommunityEntries)
        {
            throw Fail(url, $"the answer holds {count} hits, more than the {MaxCommunityEntries} one search page may hold; lower hitsPerPage");
        }

        var entries = new List<FeedEntry>(count);
        var skipped = new SkipCounter();
        var index = 0;
        foreach (var hit in hits.EnumerateArray())
        {
            var at = $"hit {index}";
            index++;
            if (hit.ValueKind != JsonValueKind.Object)
            {
                throw Fail(url, $"{at} is {Describe(hit)}, not a story object; expected {ExpectedHackerNews}");
            }

            var id = String(hit, "objectID") ?? (hit.TryGetProperty("objectID", out var number) && number.ValueKind == JsonValueKind.Number ? number.GetRawText() : null);
            if (string.IsNullOrWhiteSpace(id) || !id.All(char.IsAsciiDigit) || id.Length > 18)
            {
                throw Fail(url, $"{at} has no objectID (the story's numeric id){(id is null ? "" : $"; got \"{Shorten(id)}\"")}");
            }

            var points = Count(hit, "points", url, $"{at} (story {id})");
            var comments = Count(hit, "num_comments", url, $"{at} (story {id})");
            var title = HtmlText.CollapseWhitespace(String(hit, "title") ?? "");
            var link = String(hit, "url");
            if (title.Length == 0 || !Uri.TryCreate(link?.Trim(), UriKind.Absolute, out var target) || target.Scheme is not ("http" or "https"))
            {
                // An Ask HN, a poll, a javascript: or ftp: link: nothing of ours to join or show.
                skipped.Add(SkippedEntries.WithoutHttpUrl);
                continue;
            }

            var discussion = "https://news.ycombinator.com/item?id=" + id;
            entries.Add(new FeedEntry
            {
                EntryId = "hackernews:" + id,
                Title = title,
                Link = target.AbsoluteUri,
                Published = FeedDates.Parse(String(hit, "created_at")),
                Signal = new CommunitySignal
                {
                    Kind = SignalKinds.Points,
                    Count = points,
                    Comments = comments,
                    DiscussionUrl = discussion,
                    Title = title,
                },
            });
        }

        return new ParsedFeed { Kind = FeedKind.HackerNews, Title = "Hacker News", SiteUrl = "https://news.ycombinator.com/", Entries = entries, Skipped = skipped.ToList() };
    }
}
