using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using RoundupBot.Model;

namespace RoundupBot.Ingestion.Parsing;

public sealed partial class FeedParser
{
    private const string AtomNamespace = "http://www.w3.org/2005/Atom";
    private const string Rss1Namespace = "http://purl.org/rss/1.0/";
    private const string DcNamespace = "http://purl.org/dc/elements/1.1/";
    private const string ContentNamespace = "http://purl.org/rss/1.0/modules/content/";
    private const string ArxivNamespace = "http://arxiv.org/schemas/atom";
    private const string PrismNamespace = "http://prismstandard.org/namespaces/basic/2.0/";
    private static readonly XName _xmlBase = XNamespace.Xml + "base";

    private static readonly XmlReaderSettings SafeXml = new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, IgnoreProcessingInstructions = true };

    private static ParsedFeed ParseXml(string text, Uri url)
    {
        var xml = XmlSanitizer.Sanitize(text);
        XElement root;
        try
        {
            // The sanitizer has removed every DOCTYPE; prohibiting DTDs here as well means none can ever be expanded.
            using var reader = XmlReader.Create(new StringReader(xml), SafeXml);
            root = XDocument.Load(reader, LoadOptions.None).Root!;
        }
        catch (XmlException ex)
        {
            throw Fail(url, $"malformed XML at line {ex.LineNumber}, position {ex.LinePosition}: {XmlReason(ex)}", ex);
        }

        var (isAtom, channel, items) = root.Name.LocalName switch
        {
            "feed" when root.Name.NamespaceName == AtomNamespace => (true, root, root.Elements(XName.Get("entry", AtomNamespace))),
            "rss" => (false, root.Element("channel"), root.Element("channel")?.Elements("item") ?? []),
            "RDF" => (false, root.Element(XName.Get("channel", Rss1Namespace)), root.Elements(XName.Get("item", Rss1Namespace))),
            _ => (false, null, []),
        };
        if (channel is null)
        {
            throw Fail(url, $"{ExpectedFeed} but got an XML document whose root element is <{root.Name.LocalName}> without a channel or feed element");
        }

        var feedTitle = channel.Elements().FirstOrDefault(e => e.Name.LocalName == "title")?.Value;
        var channelLink = isAtom ? null : channel.Elements().FirstOrDefault(e => e.Name.LocalName == "link" && !e.HasAttributes)?.Value;
        var siteUrl = isAtom ? FeedUrls.Resolve(PreferredAtomLink(root), XmlBase(root, url)) : FeedUrls.Resolve(channelLink, url);
        // Relative links in RSS are relative to the site (the channel link), which is often another host than the
        // feed's (feedburner, a CDN); Atom resolves against xml:base, then the document's URL.
        var baseUrl = !isAtom && siteUrl is not null ? new Uri(siteUrl) : url;
        var hasXmlBase = xml.Contains("xml:base", StringComparison.Ordinal);
        var context = new EntryContext(baseUrl, hasXmlBase, isAtom);

        var isArxiv = root.Attributes().Any(a => a.IsNamespaceDeclaration && a.Value == ArxivNamespace);
        var entries = new List<FeedEntry>();
        foreach (var element in items)
        {
            if (ReadEntry(element, context) is { } entry)
            {
                entries.Add(entry.Entry);
                isArxiv |= entry.IdIsArxiv;
            }
        }

        return new ParsedFeed
        {
            Kind = isArxiv ? FeedKind.Arxiv : isAtom ? FeedKind.Atom : FeedKind.Rss,
            Title = NullIfEmpty(HtmlText.ToPlainText(feedTitle)),
            SiteUrl = siteUrl,
            Entries = entries,
        };
    }

    private static (FeedEntry Entry, bool IdIsArxiv)? ReadEntry(XElement element, EntryContext context)
    {
        string? title = null, link = null, id = null, published = null, updated = null, dcDate = null;
        string? atomAlternate = null, atomOther = null;
        string? description = null, content = null;
        bool descriptionIsText = false, contentIsText = false, idIsPermaLink = false;
        string? primaryCategory = null, comment = null, journalRef = null, doi = null, announceType = null;
        List<string>? authors = null, creators = null, categories = null;

        foreach (var child in element.Elements())
        {
            var name = child.Name;
            var ns = name.NamespaceName;
            if (ns.Length == 0 || ns == AtomNamespace || ns == Rss1Namespace)
            {
                switch (name.LocalName)
                {
                    case "title":
                        title ??= context.IsAtom && IsAtomText(child) ? EscapeAtomText(child) : InnerContent(child);
                        break;
                    case "link":
                        if (child.Attribute("href") is { } href)
                        {
                            var rel = (string?)child.Attribute("rel") ?? "alternate";
                            var type = (string?)child.Attribute("type");
                            if (rel == "alternate" && (type is null || type.Contains("html", StringComparison.OrdinalIgnoreCase)))
                            {
                                atomAlternate ??= href.Value;
                            }
                            else if (rel is "alternate" or "related" && type is null or "text/html")
                            {
                                atomOther ??= href.Value;
                            }
                        }
                        else
                        {
                            link ??= child.Value;
                        }
                        break;
                    case "guid":
                        id ??= child.Value.Trim();
                        idIsPermaLink = !string.Equals((string?)child.Attribute("isPermaLink"), "false", StringComparison.OrdinalIgnoreCase);
                        break;
                    case "id":
                        id ??= child.Value.Trim();
                        idIsPermaLink = true;
                        break;
                    case "pubDate" or "published" or "issued":
                        published ??= child.Value;
                        break;
                    case "updated" or "modified":
                        updated ??= child.Value;
                        break;
                    case "author":
                        AddAuthor(ref authors, child);
                        break;
                    case "category":
                        Add(ref categories, (string?)child.Attribute("term") ?? child.Value);
                        break;
                    case "description" or "summary":
                        description ??= InnerContent(child);
                        descriptionIsText = context.IsAtom && IsAtomText(child);
                        break;
                    case "content":
                        content ??= InnerContent(child);
                        contentIsText = context.IsAtom && IsAtomText(child);
                        break;
                }
            }
            else if (ns == DcNamespace)
            {
                switch (name.LocalName)
                {
                    case "creator":
                        Add(ref creators, child.Value);
                        break;
                    case "date":
                        dcDate ??= child.Value;
                        break;
                    case "subject":
                        Add(ref categories, child.Value);
                        break;
                    case "identifier" when child.Value.Contains("10.", StringComparison.Ordinal):
                        doi ??= NormalizeDoi(child.Value);
                        break;
                }
            }
            else if (ns == ContentNamespace && name.LocalName == "encoded")
            {
                content ??= child.Value;
            }
            else if (ns == ArxivNamespace)
            {
                switch (name.LocalName.ToLowerInvariant())
                {
                    case "primary_category":
                        primaryCategory ??= (string?)child.Attribute("term");
                        break;
                    case "comment":
                        comment ??= NullIfEmpty(HtmlText.CollapseWhitespace(child.Value));
                        break;
                    case "journal_ref" or "journal_reference":
                        journalRef ??= NullIfEmpty(HtmlText.CollapseWhitespace(child.Value));
                        break;
                    case "doi":
                        doi ??= NormalizeDoi(child.Value);
                        break;
                    case "announce_type":
                        announceType ??= NullIfEmpty(child.Value.Trim().ToLowerInvariant());
                        break;
                }
            }
            else if (ns == PrismNamespace && name.LocalName == "doi")
            {
                doi ??= NormalizeDoi(child.Value);
            }
        }

        var entryBase = context.HasXmlBase ? XmlBase(element, context.BaseUrl) : context.BaseUrl;
        link ??= atomAlternate ?? atomOther ?? (idIsPermaLink ? id : null);
        var linkUri = FeedUrls.ResolveUri(link, entryBase);
        if (linkUri is null && idIsPermaLink && link != id)
        {
            linkUri = FeedUrls.ResolveUri(id, entryBase);
        }
        if (linkUri is null)
        {
            return null;
        }

        var summarySource = description ?? content;
        var summary = (summarySource == description ? descriptionIsText : contentIsText)
            ? HtmlText.CollapseWhitespace(summarySource ?? "")
            : HtmlText.ToPlainText(summarySource);

        var idMatch = ArxivIds.Match(id);
        var arxivMatch = idMatch ?? ArxivIds.Match(linkUri.AbsoluteUri);
        ArxivMetadata? arxiv = null;
        if (arxivMatch is { } paper)
        {
            summary = ArxivAnnouncePrefixRegex().Replace(summary, "");
            if (authors is null && creators is not null)
            {
                // arXiv's listing feeds put every author in one dc:creator, comma-separated.
                creators = [.. creators.SelectMany(SplitAuthorList)];
            }
            List<string>? allCategories = null;
            Add(ref allCategories, primaryCategory ?? categories?.FirstOrDefault());
            foreach (var category in categories ?? [])
            {
                Add(ref allCategories, category);
            }
            arxiv = new ArxivMetadata
            {
                Id = paper.Id,
                Version = paper.Version ?? 1,
                PrimaryCategory = primaryCategory ?? categories?.FirstOrDefault(),
                Categories = allCategories is null ? [] : allCategories,
                Comment = comment,
                JournalRef = journalRef,
                AnnounceType = announceType,
            };
        }

        title = HtmlText.ToPlainText(title);
        if (title.Length == 0)
        {
            title = FirstWords(summary);
            if (title.Length == 0)
            {
                return null;
            }
        }

        var publishedDate = FeedDates.Parse(published) ?? FeedDates.Parse(dcDate);
        var updatedDate = FeedDates.Parse(updated);
        var contentBase = linkUri;
        IReadOnlyList<string> contentLinks = content is not null && !contentIsText
            ? HtmlText.FindLinks(content, contentBase)
            : [];
        if (description is not null && !descriptionIsText && description.Contains("<a", StringComparison.OrdinalIgnoreCase))
        {
            contentLinks = [.. contentLinks.Union(HtmlText.FindLinks(description, contentBase))];
        }

        var entry = new FeedEntry
        {
            EntryId = NullIfEmpty(id),
            Title = title,
            Link = linkUri.AbsoluteUri,
            Published = publishedDate ?? (context.IsAtom ? updatedDate : null),
            Updated = updatedDate,
            Authors = MergeAuthors(authors, creators),
            Summary = summary,
            Categories = categories is null ? [] : categories,
            ContentLinks = contentLinks,
            Arxiv = arxiv,
            Doi = doi,
        };
        return (entry, idMatch is not null);
    }

    private static bool IsAtomText(XElement element) =>
        (string?)element.Attribute("type") is null or "text" or "text/plain";

    // Atom text constructs of type "text" are plain text: escape them so HTML-to-text leaves a literal "<" alone.
    private static string EscapeAtomText(XElement element) => System.Net.WebUtility.HtmlEncode(element.Value);

    // Atom "xhtml" content is markup inside the element, not escaped text; everything else is the element's text.
    private static string InnerContent(XElement element)
    {
        if (element.HasElements && (string?)element.Attribute("type") == "xhtml")
        {
            return string.Concat(element.Nodes().Select(n => n.ToString(SaveOptions.DisableFormatting)));
        }
        return element.Value;
    }

    private static void AddAuthor(ref List<string>? authors, XElement author)
    {
        if (author.HasElements)
        {
            foreach (var name in author.Elements())
            {
                if (name.Name.LocalName == "name")
                {
                    Add(ref authors, name.Value);
                }
            }
            return;
        }
        // RSS 2.0 says "email (Name)"; many feeds write just a name.
        var value = author.Value.Trim();
        var open = value.IndexOf('(', StringComparison.Ordinal);
        if (open > 0 && value.EndsWith(')') && value.AsSpan(0, open).Contains('@'))
        {
            value = value[(open + 1)..^1];
        }
        Add(ref authors, value);
    }

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
            Add(ref authors, creator);
        }
        return authors!;
    }

    private static void Add(ref List<string>? list, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }
        value = HtmlText.CollapseWhitespace(value);
        list ??= [];
        if (!list.Contains(value))
        {
            list.Add(value);
        }
    }

    private static Uri XmlBase(XElement element, Uri fallback)
    {
        List<string>? bases = null;
        for (var current = element; current is not null; current = current.Parent)
        {
            if (current.Attribute(_xmlBase) is { } attribute)
            {
                (bases ??= []).Add(attribute.Value);
            }
        }
        var result = fallback;
        for (var i = (bases?.Count ?? 0) - 1; i >= 0; i--)
        {
            result = FeedUrls.ResolveUri(bases![i], result) ?? result;
        }
        return result;
    }

    private static string? PreferredAtomLink(XElement parent)
    {
        string? fallback = null;
        foreach (var link in parent.Elements(XName.Get("link", AtomNamespace)))
        {
            var rel = (string?)link.Attribute("rel") ?? "alternate";
            if (rel == "alternate")
            {
                return (string?)link.Attribute("href");
            }
            if (rel is not ("self" or "hub" or "next" or "previous" or "first" or "last"))
            {
                fallback ??= (string?)link.Attribute("href");
            }
        }
        return fallback;
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

    private sealed record EntryContext(Uri BaseUrl, bool HasXmlBase, bool IsAtom);

    [GeneratedRegex(@"^arXiv:\S+\s+Announce Type:\s*\S+\s*(?:Abstract:\s*)?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ArxivAnnouncePrefixRegex();

    [GeneratedRegex(@"\s*,\s*(?:and\s+)?|\s+and\s+", RegexOptions.CultureInvariant)]
    private static partial Regex AuthorSeparatorRegex();

    [GeneratedRegex(@"10\.\d{4,9}/\S+", RegexOptions.CultureInvariant)]
    private static partial Regex DoiRegex();

    [GeneratedRegex(@"\s*Line \d+, position \d+\.\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex XmlPositionSuffixRegex();
}
