using System.Text.Json;
using RoundupBot.Model;

namespace RoundupBot.Ingestion.Parsing;

public sealed partial class FeedParser
{
    private const string ExpectedHuggingFace = "Hugging Face daily papers JSON (an array of { paper: { id, title, upvotes } })";

    /// <summary>
    /// Hugging Face's daily papers (<c>https://huggingface.co/api/daily_papers</c>): an array of
    /// <c>{ paper: { id, title, summary, upvotes, authors: [ { name } ], publishedAt }, title, publishedAt, numComments }</c>,
    /// one entry per arXiv paper, linked to its arXiv page so that it joins the paper's item.
    /// </summary>
    private static ParsedFeed ParseHuggingFace(string text, DocumentFormat format, ParseBudget budget)
    {
        var url = budget.Url;
        using var document = ReadCommunityJson(text, format, ExpectedHuggingFace, budget);
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
            var authors = new List<string>();
            if (paper.TryGetProperty("authors", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var author in list.EnumerateArray())
                {
                    // Each name once, whitespace collapsed; nameless entries left out.
                    var name = HtmlText.CollapseWhitespace(author.ValueKind == JsonValueKind.Object ? String(author, "name") ?? "" : "");
                    if (name.Length > 0 && !authors.Contains(name))
                    {
                        authors.Add(name);
                    }
                }
            }

            entries.Add(new FeedEntry
            {
                EntryId = "huggingface:" + arxiv.Id,
                Title = title,
                Link = "https://arxiv.org/abs/" + arxiv.Id,
                Published = FeedDates.Parse(String(paper, "publishedAt") ?? String(element, "publishedAt")),
                Authors = authors,
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
}
