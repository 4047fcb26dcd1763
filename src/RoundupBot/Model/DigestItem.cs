namespace RoundupBot.Model;

/// <summary>An item as a digest shows it.</summary>
public sealed record DigestItem
{
    public required long Id { get; init; }
    public required string Title { get; init; }
    public required string Link { get; init; }
    /// <summary>The name of the source that carried it (the highest-weighted one when several did).</summary>
    public string? Source { get; init; }
    /// <summary>A one-line description, used for "Other interesting things".</summary>
    public string? Description { get; init; }
    /// <summary>
    /// The story's other coverage: the posts, news, Hugging Face and Hacker News pages that discuss this item, shown
    /// with it as "discussed in …" and never again elsewhere in the issue. Null when nothing else covers it.
    /// </summary>
    public IReadOnlyList<RelatedLink>? Related { get; init; }
    /// <summary>The community signals shown with it (Hugging Face upvotes, Hacker News points); null when none.</summary>
    public IReadOnlyList<ShownSignal>? Signals { get; init; }
}
