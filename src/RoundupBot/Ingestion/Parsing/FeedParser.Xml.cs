using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using RoundupBot.Model;

namespace RoundupBot.Ingestion.Parsing;

/// <summary>
/// XML feeds, read in one forward pass (<see cref="XmlFeedReader"/>; no tree per document), by one reader per format
/// (<c>FeedParser.Rss.cs</c>, <c>FeedParser.Atom.cs</c>) and per namespace module (<c>FeedParser.Modules.cs</c>). A
/// document that is not well-formed is read a second time leniently: stray ampersands and undeclared prefixes repaired,
/// and, when it still breaks off, the entries before the break are kept, as feed readers do.
/// </summary>
public sealed partial class FeedParser
{
    private static ParsedFeed ParseXml(string text, ParseBudget budget)
    {
        var url = budget.Url;
        var xml = XmlSanitizer.Sanitize(text);
        XmlFeed feed;
        try
        {
            feed = ReadXmlFeed(xml, budget, lenient: false, out _);
            return BuildFeed(feed, url, warning: null);
        }
        catch (XmlException strict)
        {
            var problem = $"line {strict.LineNumber}, position {strict.LinePosition}: {XmlReason(strict).TrimEnd('.')}";
            var repaired = XmlSanitizer.Repair(xml);
            try
            {
                feed = ReadXmlFeed(repaired, budget, lenient: true, out var partial);
                if (partial is { } broken)
                {
                    if (feed.Entries.Count == 0)
                    {
                        throw Fail(url, $"malformed XML at {problem}", strict);
                    }
                    return BuildFeed(feed, url,
                        $"the XML breaks off at line {broken.LineNumber} ({XmlReason(broken).TrimEnd('.')}); the {Count(feed.Entries.Count, "entry", "entries")} before it were read");
                }
                return BuildFeed(feed, url, $"the XML is not well-formed ({problem}); it was read leniently");
            }
            catch (XmlException)
            {
                throw Fail(url, $"malformed XML at {problem}", strict);
            }
        }
    }

    /// <summary>
    /// Reads the document's root and hands it to its format's reader. Leniently, an XML error after the root has been
    /// recognised ends the read instead of failing it (<paramref name="broken"/> says where): what came before is kept.
    /// </summary>
    private static XmlFeed ReadXmlFeed(string xml, ParseBudget budget, bool lenient, out XmlException? broken)
    {
        broken = null;
        using var x = XmlFeedReader.Create(xml, budget, lenient);
        if (!x.MoveToRoot())
        {
            throw new XmlException("Root element is missing.");
        }
        var root = x.LowerName;
        var ns = x.NamespaceUri;
        var isAtom = root == "feed" && IsAtomNamespace(ns);
        if (!isAtom && root is not ("rss" or "rdf" or "channel"))
        {
            throw Fail(budget.Url, $"{ExpectedFeed} but got an XML document whose root element is <{x.LocalName}> without a channel or feed element");
        }
        var feed = new XmlFeed
        {
            IsAtom = isAtom,
            IsAtom03 = isAtom && ns == XmlFeedReader.Atom03Namespace,
            IsArxiv = x.DeclaresNamespace(XmlFeedReader.ArxivNamespace),
        };
        try
        {
            if (isAtom)
            {
                ReadAtomFeed(x, feed, budget.Url);
            }
            else
            {
                ReadRssContainer(x, feed, budget.Url, parentBase: null);
            }
        }
        catch (XmlException ex) when (lenient)
        {
            broken = ex;
        }
        return feed;
    }

    private static ParsedFeed BuildFeed(XmlFeed feed, Uri url, string? warning)
    {
        string? siteUrl;
        Uri baseUrl;
        if (feed.IsAtom)
        {
            siteUrl = feed.SiteLink ?? feed.OtherSiteLink;
            baseUrl = feed.AtomBase ?? url;
        }
        else
        {
            // Relative links in RSS are relative to the site (the channel link), which is often another host than the
            // feed's (feedburner, a CDN); Atom resolves against xml:base, then the document's URL.
            siteUrl = FeedUrls.Resolve(feed.SiteLink, url);
            baseUrl = siteUrl is not null ? new Uri(siteUrl) : url;
        }

        var entries = new List<FeedEntry>(feed.Entries.Count);
        var skipped = new SkipCounter();
        var isArxiv = feed.IsArxiv;
        foreach (var fields in feed.Entries)
        {
            if (ToEntry(fields, fields.Base ?? baseUrl, feed.IsAtom, skipped) is { } entry)
            {
                entries.Add(entry.Entry);
                isArxiv |= entry.IdIsArxiv;
            }
        }

        return new ParsedFeed
        {
            Kind = isArxiv ? FeedKind.Arxiv : feed.IsAtom ? FeedKind.Atom : FeedKind.Rss,
            Title = NullIfEmpty(HtmlText.ToPlainText(feed.Title)),
            SiteUrl = siteUrl,
            Entries = entries,
            Skipped = skipped.ToList(),
            Warnings = warning is null ? [] : [warning],
        };
    }

    /// <summary>The entry as the store keeps it, or null (counted in <paramref name="skipped"/>) when it has no link or no words.</summary>
    private static (FeedEntry Entry, bool IdIsArxiv)? ToEntry(EntryFields fields, Uri entryBase, bool isAtom, SkipCounter skipped)
    {
        var linkUri = EntryLink(fields, entryBase);
        if (linkUri is null)
        {
            skipped.Add(SkippedEntries.WithoutLink);
            return null;
        }

        var useDescription = fields.Description is not null;
        var summarySource = useDescription ? fields.Description : fields.Content;
        var summary = (useDescription ? fields.DescriptionIsText : fields.ContentIsText)
            ? HtmlText.CollapseWhitespace(summarySource ?? "")
            : HtmlText.ToPlainText(summarySource);

        var idMatch = ArxivIds.Match(fields.Id);
        var arxivMatch = idMatch ?? ArxivIds.Match(linkUri.AbsoluteUri);
        ArxivMetadata? arxiv = null;
        var creators = fields.Creators;
        if (arxivMatch is { } paper)
        {
            summary = ArxivAnnouncePrefixRegex().Replace(summary, "");
            if (fields.Authors is null && creators is not null)
            {
                // arXiv's listing feeds put every author in one dc:creator, comma-separated.
                creators = [.. creators.SelectMany(SplitAuthorList)];
            }
            arxiv = ArxivMetadataOf(fields, paper);
        }

        var title = fields.TitleIsText ? HtmlText.CollapseWhitespace(fields.Title ?? "") : HtmlText.ToPlainText(fields.Title);
        if (title.Length == 0)
        {
            title = FirstWords(summary);
            if (title.Length == 0)
            {
                skipped.Add(SkippedEntries.WithoutText);
                return null;
            }
        }

        var publishedDate = FeedDates.Parse(fields.Published) ?? FeedDates.Parse(fields.DcDate);
        var updatedDate = FeedDates.Parse(fields.Updated);
        var entry = new FeedEntry
        {
            EntryId = NullIfEmpty(fields.Id),
            Title = title,
            Link = linkUri.AbsoluteUri,
            Published = publishedDate ?? (isAtom ? updatedDate : null),
            Updated = updatedDate,
            Authors = MergeAuthors(fields.Authors, creators),
            Summary = summary,
            Categories = fields.Categories is null ? [] : fields.Categories,
            ContentLinks = ContentLinks(fields, fields.ContentBase ?? linkUri),
            Arxiv = arxiv,
            Doi = fields.Doi,
        };
        return (entry, idMatch is not null);
    }

    /// <summary>
    /// The entry's link, in the order a reader would take it: RSS &lt;link&gt;, Atom's alternate link, another Atom link,
    /// the id when it is a permalink URL (RSS guid, Atom id, RDF rdf:about), an enclosure. Only http(s) links count.
    /// </summary>
    private static Uri? EntryLink(EntryFields fields, Uri entryBase) =>
        FeedUrls.ResolveUri(fields.Link, entryBase)
        ?? FeedUrls.ResolveUri(fields.AlternateLink, entryBase)
        ?? FeedUrls.ResolveUri(fields.OtherLink, entryBase)
        // An id is a permalink only when it is a whole URL: "post-42" is a name, not a page beside the feed.
        ?? (fields.IdIsPermaLink ? FeedUrls.ResolveUri(fields.Id, null) : null)
        ?? FeedUrls.ResolveUri(fields.Enclosure, entryBase);

    private static ArxivMetadata ArxivMetadataOf(EntryFields fields, (string Id, int? Version) paper)
    {
        List<string>? categories = null;
        var primary = fields.PrimaryCategory ?? fields.Categories?.FirstOrDefault();
        EntryFields.Add(ref categories, primary);
        foreach (var category in fields.Categories ?? [])
        {
            EntryFields.Add(ref categories, category);
        }
        return new ArxivMetadata
        {
            Id = paper.Id,
            Version = paper.Version ?? 1,
            PrimaryCategory = primary,
            Categories = categories is null ? [] : categories,
            Comment = fields.Comment,
            JournalRef = fields.JournalRef,
            AnnounceType = fields.AnnounceType,
        };
    }

    private static IReadOnlyList<string> ContentLinks(EntryFields fields, Uri contentBase)
    {
        IReadOnlyList<string> links = fields.Content is not null && !fields.ContentIsText
            ? HtmlText.FindLinks(fields.Content, contentBase)
            : [];
        if (fields.Description is { } description && !fields.DescriptionIsText && description.Contains("<a", StringComparison.OrdinalIgnoreCase))
        {
            links = [.. links.Union(HtmlText.FindLinks(description, contentBase))];
        }
        return links;
    }

    private static string Count(int count, string one, string many) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? one : many)}");

    private static IEnumerable<string> SplitAuthorList(string list) =>
        AuthorSeparatorRegex().Split(list).Select(a => a.Trim()).Where(a => a.Length > 0);

    private static List<string> MergeAuthors(List<string>? authors, List<string>? creators)
    {
        if (creators is null || authors is null)
        {
            return authors ?? creators ?? [];
        }
        foreach (var creator in creators)
        {
            EntryFields.Add(ref authors, creator);
        }
        return authors!;
    }

    private static string? NormalizeDoi(string value)
    {
        var match = DoiRegex().Match(value);
        return match.Success ? match.Value.TrimEnd('.', ',', ';') : null;
    }

    private static string FirstWords(string text, int maxLength = 80)
    {
        if (text.Length <= maxLength)
        {
            return text;
        }
        var cut = text.LastIndexOf(' ', maxLength);
        return string.Concat(text.AsSpan(0, cut > maxLength / 2 ? cut : maxLength).TrimEnd(" ,;:.-"), "…");
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string XmlReason(XmlException exception) =>
        XmlPositionSuffixRegex().Replace(exception.Message, "").TrimEnd();

    [GeneratedRegex(@"^arXiv:\S+\s+Announce Type:\s*\S+\s*(?:Abstract:\s*)?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ArxivAnnouncePrefixRegex();

    [GeneratedRegex(@"\s*,\s*(?:and\s+)?|\s+and\s+", RegexOptions.CultureInvariant)]
    private static partial Regex AuthorSeparatorRegex();

    [GeneratedRegex(@"10\.\d{4,9}/\S+", RegexOptions.CultureInvariant)]
    private static partial Regex DoiRegex();

    [GeneratedRegex(@"\s*Line \d+, position \d+\.\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex XmlPositionSuffixRegex();
}
