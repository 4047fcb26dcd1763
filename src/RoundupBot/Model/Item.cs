namespace RoundupBot.Model;

/// <summary>One work in the store, whichever sources carried it.</summary>
public sealed record Item
{
    public long Id { get; init; }
    public required string CanonicalKey { get; init; }
    public required string Title { get; init; }
    public required string Link { get; init; }
    public IReadOnlyList<string> Authors { get; init; } = [];
    public DateTimeOffset? Published { get; init; }
    public DateTimeOffset FirstSeenAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public string Summary { get; init; } = "";
    public IReadOnlyList<string> Categories { get; init; } = [];
    public string? ArxivId { get; init; }
    public int? ArxivVersion { get; init; }
    public string? Doi { get; init; }
    public string? Comment { get; init; }
    public required string ContentHash { get; init; }
    /// <summary>Ids of every source that carried this item.</summary>
    public IReadOnlyList<long> SourceIds { get; init; } = [];
    /// <summary>How many other stored items link to this one.</summary>
    public int MentionCount { get; init; }
}
