namespace RoundupBot.Ingestion.Parsing;

/// <summary>What the format readers found in an XML feed so far: its title and links, and its entries as read.</summary>
internal sealed class XmlFeed
{
    private readonly List<EntryFields> _entries = [];

    public bool IsAtom { get; init; }
    public bool IsAtom03 { get; init; }
    public bool IsArxiv { get; set; }
    /// <summary>The title as HTML (an Atom text title is escaped to HTML).</summary>
    public string? Title { get; set; }
    /// <summary>The site link: RSS's channel &lt;link&gt; as written, or Atom's alternate link, resolved.</summary>
    public string? SiteLink { get; set; }
    /// <summary>Another Atom feed link, when there is no alternate one.</summary>
    public string? OtherSiteLink { get; set; }
    /// <summary>The Atom feed element's base URI (its xml:base or the document's URL).</summary>
    public Uri? AtomBase { get; set; }

    public IReadOnlyList<EntryFields> Entries => _entries;

    public void Add(EntryFields entry) => _entries.Add(entry);
}
