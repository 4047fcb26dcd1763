namespace RoundupBot.Model;

/// <summary>A fetched document read as a feed.</summary>
public sealed record ParsedFeed
{
    public required FeedKind Kind { get; init; }
    public string? Title { get; init; }
    /// <summary>The site the feed belongs to, if it says.</summary>
    public string? SiteUrl { get; init; }
    public IReadOnlyList<FeedEntry> Entries { get; init; } = [];
    /// <summary>Entries left out because they cannot be items (a Hacker News hit without a URL, or with a non-http one).</summary>
    public int Skipped { get; init; }
}
