namespace RoundupBot.Ingestion.Parsing;

/// <summary>RSS 0.90–0.94, 1.0 (RDF) and 2.0: the channel and its items, whatever the case of the element names.</summary>
public sealed partial class FeedParser
{
    // RSS 2.0 has no namespace, but Userland and Harvard once gave it one; RSS 1.0 and 0.90 are RDF vocabularies.
    private static bool IsRssNamespace(string ns) =>
        ns.Length == 0 || ns is XmlFeedReader.Rss1Namespace or XmlFeedReader.Rss090Namespace
            or "http://backend.userland.com/rss2" or "http://blogs.law.harvard.edu/tech/rss";

    /// <summary>
    /// Reads an &lt;rss&gt;, &lt;rdf:RDF&gt; or &lt;channel&gt; element: the channel's title and link, and every item, inside the
    /// channel or beside it (RDF puts them beside it; some RSS 0.9x feeds do too).
    /// </summary>
    /// <param name="x">The reader, on the container element.</param>
    /// <param name="feed">What has been read so far.</param>
    /// <param name="documentUrl">The feed's URL.</param>
    /// <param name="parentBase">An explicit xml:base in scope, if any.</param>
    private static void ReadRssContainer(XmlFeedReader x, XmlFeed feed, Uri documentUrl, Uri? parentBase)
    {
        var containerBase = x.ExplicitBase(parentBase, documentUrl);
        var depth = x.Enter();
        while (x.NextChild(depth))
        {
            if (!IsRssNamespace(x.NamespaceUri))
            {
                x.Skip();
                continue;
            }
            switch (x.LowerName)
            {
                case "channel":
                    ReadRssContainer(x, feed, documentUrl, containerBase);
                    break;
                case "item":
                    feed.Add(ReadRssItem(x, documentUrl, containerBase));
                    break;
                case "title" when feed.Title is null:
                    feed.Title = x.ReadMarkup(escapeText: false);
                    break;
                case "link" when feed.SiteLink is null:
                    feed.SiteLink = NullIfEmpty(x.ReadText());
                    break;
                default:
                    x.Skip();
                    break;
            }
        }
    }

    private static EntryFields ReadRssItem(XmlFeedReader x, Uri documentUrl, Uri? parentBase)
    {
        // Null unless an xml:base says otherwise: then the item's links resolve against the channel link.
        var entry = new EntryFields { Base = x.ExplicitBase(parentBase, documentUrl) };
        // RDF names each item by its URL.
        if (x.Attribute("about", XmlFeedReader.RdfNamespace) is { Length: > 0 } about)
        {
            entry.Id = about.Trim();
            entry.IdIsPermaLink = true;
        }
        var depth = x.Enter();
        while (x.NextChild(depth))
        {
            if (IsRssNamespace(x.NamespaceUri))
            {
                ReadRssElement(x, entry);
            }
            else if (!ReadModuleElement(x, entry, entry.Base ?? documentUrl))
            {
                x.Skip();
            }
        }
        return entry;
    }

    private static void ReadRssElement(XmlFeedReader x, EntryFields entry)
    {
        switch (x.LowerName)
        {
            case "title":
                entry.Title = FirstOf(entry.Title, NullIfEmpty(x.ReadMarkup(escapeText: false)));
                break;
            case "link":
                // An Atom-style <link href/> without the atom: prefix turns up in RSS too.
                var href = NullIfEmpty(x.Attribute("href"));
                entry.Link = FirstOf(entry.Link, NullIfEmpty(x.ReadText()) ?? href);
                break;
            case "guid":
                var isPermaLink = !string.Equals(x.Attribute("isPermaLink"), "false", StringComparison.OrdinalIgnoreCase);
                var guid = NullIfEmpty(x.ReadText());
                if (guid is not null && (entry.Id is null || (isPermaLink && !entry.IdIsPermaLink)))
                {
                    entry.Id = guid;
                    entry.IdIsPermaLink = isPermaLink;
                }
                break;
            case "pubdate":
                entry.Published = FirstOf(entry.Published, x.ReadText());
                break;
            case "description":
                entry.Description = FirstOf(entry.Description, x.ReadMarkup(escapeText: false));
                break;
            case "author":
                AddAuthor(x, entry);
                break;
            case "category":
                var categories = entry.Categories;
                EntryFields.Add(ref categories, x.ReadText());
                entry.Categories = categories;
                break;
            case "enclosure":
                entry.Enclosure ??= NullIfEmpty(x.Attribute("url"));
                x.Skip();
                break;
            default:
                x.Skip();
                break;
        }
    }
}
