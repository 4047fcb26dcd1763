using System.Text;
using System.Text.Json;
using System.Xml;
using CodeHollow.FeedReader;
using CodeHollow.FeedReader.Feeds;
using RoundupBot.Model;

namespace RoundupBot.Ingestion.Parsing;

public sealed partial class FeedParser
{
    private static ParsedFeed ParseJson(string text, ParseBudget budget)
    {
        var url = budget.Url;
        CheckJsonDepth(text, budget);
        Feed feed;
        try
        {
            feed = FeedReader.ReadFromString(text);
        }
        catch (XmlException ex)
        {
            // CodeHollow reads JSON through the JSON-to-XML reader, so a JSON syntax error surfaces as an XmlException.
            throw Fail(url, $"malformed JSON Feed: {XmlReason(ex)}", ex);
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or ArgumentException or NullReferenceException)
        {
            throw Fail(url, $"malformed JSON Feed: {ex.Message}", ex);
        }

        var siteUrl = FeedUrls.Resolve((feed.SpecificFeed as JsonFeed)?.HomePageUrl ?? feed.Link, url);
        var baseUrl = siteUrl is null ? url : new Uri(siteUrl);
        var entries = new List<FeedEntry>(feed.Items.Count);
        var skipped = new SkipCounter();
        foreach (var item in feed.Items)
        {
            if (item.SpecificItem is JsonFeedItem json && ReadJsonEntry(json, baseUrl, skipped) is { } entry)
            {
                entries.Add(entry);
            }
        }
        return new ParsedFeed
        {
            Kind = FeedKind.Json,
            Title = NullIfEmpty(HtmlText.ToPlainText(feed.Title)),
            SiteUrl = siteUrl,
            Entries = entries,
            Skipped = skipped.ToList(),
        };
    }

    /// <summary>
    /// One pass of System.Text.Json's reader before CodeHollow builds anything: it refuses values nested deeper than
    /// <see cref="MaxDepth"/> and checks the budget as it goes, which CodeHollow's reader does not.
    /// </summary>
    private static void CheckJsonDepth(string text, ParseBudget budget)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text), new JsonReaderOptions
        {
            // One past ours, so that our own check (with its clearer message) fires first.
            MaxDepth = MaxDepth + 1,
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        });
        try
        {
            var count = 0;
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= MaxDepth)
                {
                    throw budget.TooDeep("JSON objects and arrays");
                }
                if ((++count & 0xFFF) == 0)
                {
                    budget.Check();
                }
            }
        }
        catch (JsonException ex)
        {
            throw Fail(budget.Url, $"malformed JSON Feed at line {(ex.LineNumber ?? 0) + 1}: {ex.Message}", ex);
        }
    }

    private static FeedEntry? ReadJsonEntry(JsonFeedItem item, Uri baseUrl, SkipCounter skipped)
    {
        var link = FeedUrls.ResolveUri(item.Url, baseUrl)
            ?? FeedUrls.ResolveUri(item.ExternalUrl, baseUrl)
            ?? FeedUrls.ResolveUri(item.Id, baseUrl);
        if (link is null)
        {
            skipped.Add(SkippedEntries.WithoutLink);
            return null;
        }
        var summary = !string.IsNullOrWhiteSpace(item.Summary) ? HtmlText.CollapseWhitespace(item.Summary)
            : !string.IsNullOrWhiteSpace(item.ContentText) ? HtmlText.CollapseWhitespace(item.ContentText)
            : HtmlText.ToPlainText(item.ContentHtml);
        var title = HtmlText.ToPlainText(item.Title);
        if (title.Length == 0)
        {
            title = FirstWords(summary);
            if (title.Length == 0)
            {
                skipped.Add(SkippedEntries.WithoutText);
                return null;
            }
        }

        List<string>? authors = null;
        foreach (var author in item.Authors ?? [])
        {
            EntryFields.Add(ref authors, author.Name);
        }
        List<string>? tags = null;
        foreach (var tag in item.Tags ?? [])
        {
            EntryFields.Add(ref tags, tag);
        }
        var updated = FeedDates.Parse(item.DateModifiedString);
        return new FeedEntry
        {
            EntryId = NullIfEmpty(item.Id),
            Title = title,
            Link = link.AbsoluteUri,
            Published = FeedDates.Parse(item.DatePublishedString),
            Updated = updated,
            Authors = authors is null ? [] : authors,
            Summary = summary,
            Categories = tags is null ? [] : tags,
            ContentLinks = HtmlText.FindLinks(item.ContentHtml, link),
        };
    }
}
