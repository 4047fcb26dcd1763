namespace RoundupBot.Model;

/// <summary>A community signal as the issue shows it: "312 points on Hacker News".</summary>
public sealed record ShownSignal
{
    /// <summary>The source's name.</summary>
    public required string Source { get; init; }
    /// <summary><c>upvotes</c> or <c>points</c>.</summary>
    public required string Kind { get; init; }
    public required long Count { get; init; }
    public long Comments { get; init; }
}
