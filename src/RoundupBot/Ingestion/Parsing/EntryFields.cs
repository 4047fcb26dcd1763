using RoundupBot.Model;

namespace RoundupBot.Ingestion.Parsing;

/// <summary>
/// What the format readers (RSS, RDF, Atom and the namespace modules) found in one entry, as the document says it, before
/// it becomes a <see cref="FeedEntry"/>: each reader fills the fields it knows, the first value of each kind wins, and
/// <see cref="FeedParser"/> turns the whole into plain text, absolute links and dates.
/// </summary>
internal sealed class EntryFields
{
    /// <summary>The entry's base URI (xml:base, or the feed's); relative links resolve against it.</summary>
    public Uri? Base { get; set; }

    public string? Title { get; set; }
    /// <summary>The title is plain text (Atom type="text"), not HTML.</summary>
    public bool TitleIsText { get; set; }

    /// <summary>RSS &lt;link&gt; text, as written.</summary>
    public string? Link { get; set; }
    /// <summary>Atom rel="alternate" link (an HTML type or none), resolved.</summary>
    public string? AlternateLink { get; set; }
    /// <summary>Another usable Atom link (related, or alternate of another type), resolved.</summary>
    public string? OtherLink { get; set; }
    /// <summary>An enclosure's URL (RSS &lt;enclosure&gt;, Atom rel="enclosure", media:content): the last resort for a link.</summary>
    public string? Enclosure { get; set; }

    public string? Id { get; set; }
    /// <summary>The id may be the permalink (RSS guid without isPermaLink="false", Atom id, RDF rdf:about).</summary>
    public bool IdIsPermaLink { get; set; }

    public string? Published { get; set; }
    public string? Updated { get; set; }
    public string? DcDate { get; set; }

    public string? Description { get; set; }
    public bool DescriptionIsText { get; set; }
    public string? Content { get; set; }
    /// <summary>Where relative links in the summary or content resolve when an xml:base says so; else the entry's link.</summary>
    public Uri? ContentBase { get; set; }
    public bool ContentIsText { get; set; }

    public List<string>? Authors { get; set; }
    public List<string>? Creators { get; set; }
    public List<string>? Categories { get; set; }

    public string? Doi { get; set; }
    public string? PrimaryCategory { get; set; }
    public string? Comment { get; set; }
    public string? JournalRef { get; set; }
    public string? AnnounceType { get; set; }

    /// <summary>Adds <paramref name="value"/> (whitespace collapsed) to <paramref name="list"/> once; blanks are ignored.</summary>
    public static void Add(ref List<string>? list, string? value)
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
}
