using System.Globalization;
using System.Text.Json;
using RoundupBot.Model;

namespace RoundupBot.Ingestion.Parsing;

public sealed partial class FeedParser
{
    /// <summary>
    /// Entries one community answer may hold: Hacker News' search returns at most 1,000 hits a page and Hugging Face a
    /// day's few dozen papers, so more is not an answer of theirs (and would flood the store).
    /// </summary>
    public const int MaxCommunityEntries = 1_000;

    /// <summary>Reads a JSON answer, or fails saying what came instead (an HTML error page, a feed, text).</summary>
    private static JsonDocument ReadCommunityJson(string text, Uri url, DocumentFormat format, string expected)
    {
        if (format is not (DocumentFormat.Json or DocumentFormat.OtherJson) && !text.AsSpan().TrimStart().StartsWith("["))
        {
            var found = format switch
            {
                DocumentFormat.Html => "an HTML page (an error or login page?)",
                DocumentFormat.XmlFeed or DocumentFormat.OtherXml => "an XML document",
                _ => $"text that is not JSON (it starts with \"{Excerpt(text, FirstNonWhitespace(text))}\")",
            };
            throw Fail(url, $"expected {expected} but got {found}");
        }

        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            throw Fail(url, $"expected {expected} but the JSON is malformed ({ex.Message})", ex);
        }
    }

    private const string ExpectedHuggingFace = "Hugging Face daily papers JSON (an array of { paper: { id, title, upvotes } })";

    /// <summary>
    /// Hugging Face's daily papers (<c>https://huggingface.co/api/daily_papers</c>): an array of
    /// <c>{ paper: { id, title, summary, upvotes, authors: [ { name } ], publishedAt }, title, publishedAt, numComments }</c>,
    /// one entry per arXiv paper, linked to its arXiv page so that it joins the paper's item.
    /// </summary>
    private static ParsedFeed ParseHuggingFace(string text, Uri url, DocumentFormat format)
    {
        using var document = ReadCommunityJson(text, url, format, ExpectedHuggingFace);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Array)
        {
            throw Fail(url, $"expected {ExpectedHuggingFace} but got {Describe(root)}");
        }

        var count = root.GetArrayLength();
        if (count > MaxCommunityEntries)
        {
            throw Fail(url, $"the answer holds {count} papers, more than the {MaxCommunityEntries} one answer may hold; ask for one day (?date=YYYY-MM-DD) or fewer (?limit=…)");
        }

        var entries = new List<FeedEntry>(count);
        var index = 0;
        foreach (var element in root.EnumerateArray())
        {
            var at = $"entry {index}";
            index++;
            var paper = element.ValueKind == JsonValueKind.Object && element.TryGetProperty("paper", out var p) && p.ValueKind == JsonValueKind.Object
                ? p
                : throw Fail(url, $"{at} has no \"paper\" object; expected {ExpectedHuggingFace}");
            var rawId = String(paper, "id");
            if (string.IsNullOrWhiteSpace(rawId))
            {
                throw Fail(url, $"{at} has no paper.id (the arXiv id, such as \"2312.11805\")");
            }

            if (ArxivIds.Match("arXiv:" + rawId.Trim()) is not { } arxiv)
            {
                throw Fail(url, $"{at} has paper.id \"{Shorten(rawId)}\", which is not an arXiv id (such as \"2312.11805\")");
            }

            var title = HtmlText.CollapseWhitespace(String(paper, "title") ?? String(element, "title") ?? "");
            if (title.Length == 0)
            {
                throw Fail(url, $"{at} (paper {arxiv.Id}) has no title");
            }

            var upvotes = Count(paper, "upvotes", url, $"{at} (paper {arxiv.Id})");
            var comments = Count(element, "numComments", url, $"{at} (paper {arxiv.Id})");
            List<string>? authors = null;
            if (paper.TryGetProperty("authors", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var author in list.EnumerateArray())
                {
                    Add(ref authors, author.ValueKind == JsonValueKind.Object ? String(author, "name") : null);
                }
            }

            entries.Add(new FeedEntry
            {
                EntryId = "huggingface:" + arxiv.Id,
                Title = title,
                Link = "https://arxiv.org/abs/" + arxiv.Id,
                Published = FeedDates.Parse(String(paper, "publishedAt") ?? String(element, "publishedAt")),
                Authors = authors is null ? [] : authors,
                Summary = HtmlText.CollapseWhitespace(String(paper, "summary") ?? String(element, "summary") ?? ""),
                Signal = new CommunitySignal
                {
                    Kind = SignalKinds.Upvotes,
                    Count = upvotes,
                    Comments = comments,
                    DiscussionUrl = "https://huggingface.co/papers/" + arxiv.Id,
                },
            });
        }

        return new ParsedFeed { Kind = FeedKind.HuggingFace, Title = "Hugging Face daily papers", SiteUrl = "https://huggingface.co/papers", Entries = entries };
    }

    private const string ExpectedHackerNews = "Hacker News search JSON ({ hits: [ { objectID, title, url, points } ] })";

    /// <summary>
    /// Hacker News' search API (<c>https://hn.algolia.com/api/v1/search?…</c>): <c>{ hits: [ { objectID, title, url,
    /// points, num_comments, created_at } ] }</c>, one entry per story, linked to the page the story points at (so an
    /// arXiv link joins the paper, a blog URL the post). Stories without a URL (Ask HN) or with a non-http one are skipped
    /// and counted in <see cref="ParsedFeed.Skipped"/>.
    /// </summary>
    private static ParsedFeed ParseHackerNews(string text, Uri url, DocumentFormat format)
    {
        using var document = ReadCommunityJson(text, url, format, ExpectedHackerNews);
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
        var skipped = 0;
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
                skipped++;
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

        return new ParsedFeed { Kind = FeedKind.HackerNews, Title = "Hacker News", SiteUrl = "https://news.ycombinator.com/", Entries = entries, Skipped = skipped };
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A count (upvotes, points, comments): missing or null is 0; anything else must be a whole number from 0 to <see cref="CommunitySignal.MaxCount"/>.</summary>
    private static long Count(JsonElement element, string name, Uri url, string at)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return 0;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var count) && count is >= 0 and <= CommunitySignal.MaxCount)
        {
            return count;
        }

        var shown = value.ValueKind == JsonValueKind.String ? $"\"{Shorten(value.GetString() ?? "")}\"" : Shorten(value.GetRawText());
        throw Fail(url, string.Create(CultureInfo.InvariantCulture,
            $"{at} has {name} {shown}; expected a whole number from 0 to {CommunitySignal.MaxCount:N0}"));
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object when element.TryGetProperty("error", out var error) => $"an error object ({Shorten(error.ToString())})",
        JsonValueKind.Object => $"an object with keys {string.Join(", ", element.EnumerateObject().Take(5).Select(p => p.Name))}",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        _ => element.ValueKind.ToString().ToLowerInvariant(),
    };

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
