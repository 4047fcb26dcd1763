namespace RoundupBot.Model;

/// <summary>
/// A normalized entry ready for the store: one canonical key per work, a title key for near-duplicate titles and
/// a content hash that tells an updated entry from an unchanged one.
/// </summary>
public sealed record ItemCandidate
{
    /// <summary><c>arxiv:2401.01234</c>, <c>doi:10.1000/xyz</c> or <c>url:example.org/path?kept=params</c>.</summary>
    public required string CanonicalKey { get; init; }
    /// <summary>The title folded for comparison; null when the title is too short or generic to merge on.</summary>
    public string? TitleKey { get; init; }
    public required string Title { get; init; }
    /// <summary>The link shown to readers: tracking parameters removed.</summary>
    public required string Link { get; init; }
    public IReadOnlyList<string> Authors { get; init; } = [];
    public DateTimeOffset? Published { get; init; }
    public string Summary { get; init; } = "";
    public IReadOnlyList<string> Categories { get; init; } = [];
    public string? ArxivId { get; init; }
    public int? ArxivVersion { get; init; }
    public string? Doi { get; init; }
    public string? Comment { get; init; }
    /// <summary>Canonical keys of works this entry links to (a blog post about an arXiv paper).</summary>
    public IReadOnlyList<string> MentionKeys { get; init; } = [];
    /// <summary>arXiv's announce type for this listing (<c>new</c>, <c>cross</c>, <c>replace</c>, <c>replace-cross</c>), if the feed said.</summary>
    public string? AnnounceType { get; init; }
    /// <summary>The upvotes or points a community source reports for this work.</summary>
    public CommunitySignal? Signal { get; init; }
    /// <summary>
    /// True for a community source's entry: it joins the item of its work (or makes one when there is none) but never
    /// replaces that item's text, so a Hacker News title never overwrites the post it links.
    /// </summary>
    public bool JoinOnly { get; init; }
    /// <summary>Hash of title, link, summary, authors and version: a change means the entry was updated.</summary>
    public required string ContentHash { get; init; }
}
