namespace RoundupBot.Model;

/// <summary>A fetched document read as a feed.</summary>
public sealed record ParsedFeed
{
    public required FeedKind Kind { get; init; }
    public string? Title { get; init; }
    /// <summary>The site the feed belongs to, if it says.</summary>
    public string? SiteUrl { get; init; }
    public IReadOnlyList<FeedEntry> Entries { get; init; } = [];
    /// <summary>Entries the document holds that could not become items, counted by reason; empty when every entry was kept.</summary>
    public IReadOnlyList<SkippedEntries> Skipped { get; init; } = [];
    /// <summary>What was wrong with a document that was still read (XML that is not well-formed, read leniently).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
