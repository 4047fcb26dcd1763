namespace RoundupBot.Ingestion.Parsing;

/// <summary>
/// The namespaced modules entries of every format carry: Dublin Core, content:encoded, arXiv's and PRISM's metadata,
/// Media RSS enclosures, XHTML bodies, and Atom links and dates inside RSS items.
/// </summary>
public sealed partial class FeedParser
{
    /// <summary>Reads the current element when a module knows it (and consumes it); false, untouched, when none does.</summary>
    private static bool ReadModuleElement(XmlFeedReader x, EntryFields entry, Uri entryBase)
    {
        switch (x.NamespaceUri)
        {
            case XmlFeedReader.DcNamespace:
                ReadDublinCore(x, entry);
                return true;
            case XmlFeedReader.ContentNamespace when x.LocalName == "encoded":
                var encoded = x.ReadText();
                entry.Content = FirstOf(entry.Content, encoded.Length == 0 ? null : encoded);
                return true;
            case XmlFeedReader.ArxivNamespace:
                ReadArxiv(x, entry);
                return true;
            case XmlFeedReader.PrismNamespace when x.LocalName == "doi":
                entry.Doi = FirstOf(entry.Doi, NormalizeDoi(x.ReadText()));
                return true;
            case XmlFeedReader.MediaNamespace when x.LocalName == "content":
                entry.Enclosure ??= NullIfEmpty(x.Attribute("url"));
                x.Skip();
                return true;
            case XmlFeedReader.XhtmlNamespace when x.LocalName == "body":
                entry.Content = FirstOf(entry.Content, x.ReadMarkup(escapeText: true));
                return true;
            // Atom inside RSS: <atom:link rel="alternate"> and the like.
            case XmlFeedReader.AtomNamespace when x.LocalName == "link":
                ReadAtomLink(x, entryBase, out var rel, out var href, out var type);
                AddAtomLink(entry, rel, href, type);
                return true;
            default:
                return false;
        }
    }

    private static void ReadDublinCore(XmlFeedReader x, EntryFields entry)
    {
        switch (x.LocalName)
        {
            case "creator":
                var creators = entry.Creators;
                EntryFields.Add(ref creators, x.ReadText());
                entry.Creators = creators;
                break;
            case "date":
                entry.DcDate = FirstOf(entry.DcDate, x.ReadText());
                break;
            case "subject":
                var categories = entry.Categories;
                EntryFields.Add(ref categories, x.ReadText());
                entry.Categories = categories;
                break;
            case "identifier":
                var identifier = x.ReadText();
                if (identifier.Contains("10.", StringComparison.Ordinal))
                {
                    entry.Doi ??= NormalizeDoi(identifier);
                }
                break;
            default:
                x.Skip();
                break;
        }
    }

    private static void ReadArxiv(XmlFeedReader x, EntryFields entry)
    {
        switch (x.LowerName)
        {
            case "primary_category":
                entry.PrimaryCategory ??= x.Attribute("term");
                x.Skip();
                break;
            case "comment":
                entry.Comment = FirstOf(entry.Comment, NullIfEmpty(HtmlText.CollapseWhitespace(x.ReadText())));
                break;
            case "journal_ref" or "journal_reference":
                entry.JournalRef = FirstOf(entry.JournalRef, NullIfEmpty(HtmlText.CollapseWhitespace(x.ReadText())));
                break;
            case "doi":
                entry.Doi = FirstOf(entry.Doi, NormalizeDoi(x.ReadText()));
                break;
            case "announce_type":
                entry.AnnounceType = FirstOf(entry.AnnounceType, NullIfEmpty(x.ReadText())?.ToLowerInvariant());
                break;
            default:
                x.Skip();
                break;
        }
    }

    // The element is read (consumed) whatever happens: the first value of a kind wins, but a later one must still be
    // stepped over. "entry.X ??= x.ReadText()" would leave the reader on that element and never move past it.
    private static string? FirstOf(string? current, string? read) => current ?? read;

    /// <summary>An RSS or Atom author: Atom's &lt;name&gt; children, or RSS 2.0's "email (Name)", or just a name.</summary>
    private static void AddAuthor(XmlFeedReader x, EntryFields entry)
    {
        var authors = entry.Authors;
        var names = x.ReadChildTexts("name", out var ownText);
        if (names is not null)
        {
            foreach (var name in names)
            {
                EntryFields.Add(ref authors, name);
            }
        }
        else
        {
            var value = ownText.Trim();
            var open = value.IndexOf('(', StringComparison.Ordinal);
            if (open > 0 && value.EndsWith(')') && value.AsSpan(0, open).Contains('@'))
            {
                value = value[(open + 1)..^1];
            }
            EntryFields.Add(ref authors, value);
        }
        entry.Authors = authors;
    }
}
