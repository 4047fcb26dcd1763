using AngleSharp.Dom;
using RoundupBot.Model;

namespace RoundupBot.Ingestion.Parsing;

public sealed partial class FeedParser
{
    private static ParsedFeed ParseHtml(string html, HtmlSelectors selectors, ParseBudget budget)
    {
        var url = budget.Url;
        using var document = HtmlText.ParseDocument(html, budget);
        var baseUrl = FeedUrls.ResolveUri(document.QuerySelector("base[href]")?.GetAttribute("href"), url) ?? url;

        var items = Select(document, selectors.Item, nameof(HtmlSelectors.Item), url);
        if (items.Length == 0)
        {
            throw Fail(url, $"expected items matching the Item selector \"{selectors.Item}\" but the HTML page has none");
        }

        var entries = new List<FeedEntry>(items.Length);
        var skipped = new SkipCounter();
        foreach (var item in items)
        {
            budget.Check();
            var linkElement = selectors.Link is null
                ? (item.LocalName == "a" && item.HasAttribute("href") ? item : item.QuerySelector("a[href]"))
                : SelectFirst(item, selectors.Link, nameof(HtmlSelectors.Link), url);
            var href = linkElement?.GetAttribute("href") ?? linkElement?.QuerySelector("a[href]")?.GetAttribute("href");
            var link = FeedUrls.ResolveUri(href, baseUrl);
            if (link is null)
            {
                skipped.Add(SkippedEntries.WithoutLink);
                continue;
            }

            var titleElement = selectors.Title is null ? linkElement : SelectFirst(item, selectors.Title, nameof(HtmlSelectors.Title), url);
            var summaryElement = selectors.Summary is null ? null : SelectFirst(item, selectors.Summary, nameof(HtmlSelectors.Summary), url);
            var summary = summaryElement is null ? "" : HtmlText.FromNode(summaryElement);
            var title = titleElement is null ? "" : HtmlText.FromNode(titleElement);
            if (title.Length == 0)
            {
                title = FirstWords(summary);
                if (title.Length == 0)
                {
                    skipped.Add(SkippedEntries.WithoutText);
                    continue;
                }
            }

            var dateElement = selectors.Date is null
                ? item.QuerySelector("time[datetime]")
                : SelectFirst(item, selectors.Date, nameof(HtmlSelectors.Date), url);
            var published = dateElement is null
                ? null
                : FeedDates.Parse(dateElement.GetAttribute("datetime"))
                    ?? FeedDates.Parse(dateElement.GetAttribute("content"))
                    ?? FeedDates.Parse(HtmlText.FromNode(dateElement));

            entries.Add(new FeedEntry
            {
                Title = title,
                Link = link.AbsoluteUri,
                Published = published,
                Summary = summary,
                ContentLinks = summaryElement is null ? [] : HtmlText.FindLinks(summaryElement.InnerHtml, baseUrl),
            });
        }

        return new ParsedFeed
        {
            Kind = FeedKind.Html,
            Title = NullIfEmpty(HtmlText.CollapseWhitespace(document.Title ?? "")),
            SiteUrl = url.AbsoluteUri,
            Entries = entries,
            Skipped = skipped.ToList(),
        };
    }

    private static IElement[] Select(IParentNode scope, string selector, string key, Uri url)
    {
        try
        {
            return [.. scope.QuerySelectorAll(selector)];
        }
        catch (DomException ex)
        {
            throw Fail(url, $"the {key} selector \"{selector}\" is not valid CSS ({ex.Message})", ex);
        }
    }

    private static IElement? SelectFirst(IParentNode scope, string selector, string key, Uri url)
    {
        try
        {
            return scope.QuerySelector(selector);
        }
        catch (DomException ex)
        {
            throw Fail(url, $"the {key} selector \"{selector}\" is not valid CSS ({ex.Message})", ex);
        }
    }
}
