namespace RoundupBot.Model;

/// <summary>One entry as a parser read it, before normalization. Text fields are plain text, links absolute.</summary>
public sealed record FeedEntry
{
    /// <summary>The entry's own id (RSS guid, Atom id), if any.</summary>
    public string? EntryId { get; init; }
    public required string Title { get; init; }
    public required string Link { get; init; }
    public DateTimeOffset? Published { get; init; }
    public DateTimeOffset? Updated { get; init; }
    public IReadOnlyList<string> Authors { get; init; } = [];
    /// <summary>Plain-text summary or content, whitespace collapsed.</summary>
    public string Summary { get; init; } = "";
    public IReadOnlyList<string> Categories { get; init; } = [];
    /// <summary>Absolute links found in the entry's HTML content (used to join a post to the paper it discusses).</summary>
    public IReadOnlyList<string> ContentLinks { get; init; } = [];
    public ArxivMetadata? Arxiv { get; init; }
    public string? Doi { get; init; }
    /// <summary>The attention a community source reports for this entry (Hugging Face upvotes, Hacker News points).</summary>
    public CommunitySignal? Signal { get; init; }
}
