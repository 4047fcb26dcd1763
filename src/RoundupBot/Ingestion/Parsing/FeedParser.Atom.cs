using System.Text;

namespace RoundupBot.Ingestion.Parsing;

/// <summary>Atom 1.0 and its predecessor Atom 0.3 (2003–2005): the feed's title and link, and its entries.</summary>
public sealed partial class FeedParser
{
    // A <feed> without a namespace is read as Atom too: the names are Atom's.
    private static bool IsAtomNamespace(string ns) =>
        ns is XmlFeedReader.AtomNamespace or XmlFeedReader.Atom03Namespace || ns.Length == 0;

    private static void ReadAtomFeed(XmlFeedReader x, XmlFeed feed, Uri documentUrl)
    {
        var feedBase = x.Base(documentUrl);
        feed.AtomBase = feedBase;
        var depth = x.Enter();
        while (x.NextChild(depth))
        {
            if (!IsAtomNamespace(x.NamespaceUri))
            {
                x.Skip();
                continue;
            }
            switch (x.LocalName)
            {
                case "entry":
                    feed.Add(ReadAtomEntry(x, feed.IsAtom03, feedBase));
                    break;
                case "title" when feed.Title is null:
                    var (title, isText) = ReadAtomText(x, feed.IsAtom03);
                    feed.Title = isText ? System.Net.WebUtility.HtmlEncode(title) : title;
                    break;
                case "link":
                    ReadAtomLink(x, feedBase, out var rel, out var href, out _);
                    if (href is not null && rel == "alternate")
                    {
                        feed.SiteLink ??= href;
                    }
                    else if (href is not null && rel is not ("self" or "hub" or "next" or "previous" or "first" or "last"))
                    {
                        feed.OtherSiteLink ??= href;
                    }
                    break;
                default:
                    x.Skip();
                    break;
            }
        }
    }

    private static EntryFields ReadAtomEntry(XmlFeedReader x, bool isAtom03, Uri parentBase)
    {
        var entryBase = x.Base(parentBase);
        var entry = new EntryFields { Base = entryBase };
        var depth = x.Enter();
        while (x.NextChild(depth))
        {
            if (IsAtomNamespace(x.NamespaceUri))
            {
                ReadAtomElement(x, entry, isAtom03, entryBase);
            }
            else if (!ReadModuleElement(x, entry, entryBase))
            {
                x.Skip();
            }
        }
        return entry;
    }

    private static void ReadAtomElement(XmlFeedReader x, EntryFields entry, bool isAtom03, Uri entryBase)
    {
        switch (x.LocalName)
        {
            case "title":
                if (entry.Title is null)
                {
                    (entry.Title, entry.TitleIsText) = ReadAtomText(x, isAtom03);
                }
                else
                {
                    x.Skip();
                }
                break;
            case "link":
                ReadAtomLink(x, entryBase, out var rel, out var href, out var type);
                AddAtomLink(entry, rel, href, type);
                break;
            case "id":
                entry.Id = FirstOf(entry.Id, NullIfEmpty(x.ReadText()));
                entry.IdIsPermaLink = true;
                break;
            // Atom 0.3 says issued (and created); 1.0 says published.
            case "published" or "issued" or "created":
                entry.Published = FirstOf(entry.Published, x.ReadText());
                break;
            case "updated" or "modified":
                entry.Updated = FirstOf(entry.Updated, x.ReadText());
                break;
            case "author":
                AddAuthor(x, entry);
                break;
            case "category":
                var categories = entry.Categories;
                var term = x.Attribute("term");
                var label = x.ReadText();
                EntryFields.Add(ref categories, string.IsNullOrWhiteSpace(term) ? label : term);
                entry.Categories = categories;
                break;
            case "summary":
                if (entry.Description is null)
                {
                    SetContentBase(x, entry, entryBase);
                    (entry.Description, entry.DescriptionIsText) = ReadAtomText(x, isAtom03);
                }
                else
                {
                    x.Skip();
                }
                break;
            case "content":
                // Content given by reference is a link to the entry's text, not text.
                if (x.Attribute("src") is { Length: > 0 } src)
                {
                    entry.OtherLink ??= FeedUrls.Resolve(src, x.Base(entryBase));
                }
                if (entry.Content is null)
                {
                    SetContentBase(x, entry, entryBase);
                    (entry.Content, entry.ContentIsText) = ReadAtomText(x, isAtom03);
                }
                else
                {
                    x.Skip();
                }
                break;
            default:
                x.Skip();
                break;
        }
    }

    // Only an explicit xml:base changes where content links point; without one they resolve against the entry's link.
    private static void SetContentBase(XmlFeedReader x, EntryFields entry, Uri entryBase)
    {
        if (x.HasXmlBase)
        {
            entry.ContentBase ??= x.Base(entryBase);
        }
    }

    private static void AddAtomLink(EntryFields entry, string rel, string? href, string? type)
    {
        if (href is null)
        {
            return;
        }
        if (rel == "alternate" && (type is null || type.Contains("html", StringComparison.OrdinalIgnoreCase)))
        {
            entry.AlternateLink ??= href;
        }
        else if (rel is "alternate" or "related" && type is null or "text/html")
        {
            entry.OtherLink ??= href;
        }
        else if (rel == "enclosure")
        {
            entry.Enclosure ??= href;
        }
    }

    /// <summary>An Atom &lt;link&gt;: its rel (alternate when absent), its href resolved against its own xml:base, and its type.</summary>
    private static void ReadAtomLink(XmlFeedReader x, Uri parentBase, out string rel, out string? href, out string? type)
    {
        rel = x.Attribute("rel")?.Trim() ?? "alternate";
        type = x.Attribute("type");
        var raw = x.Attribute("href");
        href = raw is null ? null : FeedUrls.Resolve(raw, x.Base(parentBase));
        x.Skip();
    }

    /// <summary>
    /// An Atom text construct or content, as (text, is plain text). Atom 1.0: type text (the default), html, xhtml, or
    /// a media type (text/* is text, XML types are markup, anything else base64). Atom 0.3: a media type (text/plain by
    /// default) and a mode: xml (the default: inline markup), escaped (HTML or text as characters) or base64.
    /// </summary>
    private static (string Value, bool IsText) ReadAtomText(XmlFeedReader x, bool isAtom03)
    {
        var type = x.Attribute("type")?.Trim().ToLowerInvariant();
        var mode = isAtom03 ? x.Attribute("mode")?.Trim().ToLowerInvariant() ?? "xml" : null;
        var isHtml = type is "html" or "xhtml" || (type is not null && type.Contains("html", StringComparison.Ordinal));
        if (mode == "base64" || (!isAtom03 && type is not null && type.Contains('/', StringComparison.Ordinal)
            && !type.StartsWith("text/", StringComparison.Ordinal) && !type.EndsWith("xml", StringComparison.Ordinal)))
        {
            return (DecodeBase64(x.ReadText()), !isHtml);
        }
        if (mode == "escaped")
        {
            return (x.ReadText(), !isHtml);
        }
        if (type is "xhtml" || (isHtml && mode == "xml") || (type is not null && type.EndsWith("xml", StringComparison.Ordinal)))
        {
            return (x.ReadMarkup(escapeText: true), false);
        }
        return (x.ReadText(), !isHtml);
    }

    private static string DecodeBase64(string text)
    {
        var buffer = new byte[(text.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(string.Concat(text.Where(c => !char.IsWhiteSpace(c))), buffer, out var written)
            ? Encoding.UTF8.GetString(buffer, 0, written)
            : "";
    }
}
