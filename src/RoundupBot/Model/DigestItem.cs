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
}
