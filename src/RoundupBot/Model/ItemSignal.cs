namespace RoundupBot.Model;

/// <summary>A stored <see cref="CommunitySignal"/>: the latest numbers one source reported for one item, and when.</summary>
public sealed record ItemSignal
{
    public required long ItemId { get; init; }
    public required long SourceId { get; init; }
    public required CommunitySignal Signal { get; init; }
    /// <summary>When this source first reported the item.</summary>
    public DateTimeOffset FirstSeenAt { get; init; }
    /// <summary>When this source last reported it (its numbers are from then).</summary>
    public DateTimeOffset UpdatedAt { get; init; }
}
