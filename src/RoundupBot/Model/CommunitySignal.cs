namespace RoundupBot.Model;

/// <summary>
/// What a community source says about one work: Hugging Face daily papers' upvotes, or a Hacker News story's points,
/// with its comments and the page where people discuss it.
/// </summary>
public sealed record CommunitySignal
{
    /// <summary>The largest count a signal may carry; a larger one is a broken answer, not attention.</summary>
    public const long MaxCount = 10_000_000;

    /// <summary><see cref="SignalKinds.Upvotes"/> (Hugging Face) or <see cref="SignalKinds.Points"/> (Hacker News).</summary>
    public required string Kind { get; init; }
    /// <summary>Upvotes or points, 0 to <see cref="MaxCount"/>.</summary>
    public required long Count { get; init; }
    /// <summary>Comments, 0 to <see cref="MaxCount"/>.</summary>
    public long Comments { get; init; }
    /// <summary>The page of the discussion (the Hacker News thread, the Hugging Face paper page).</summary>
    public required string DiscussionUrl { get; init; }
    /// <summary>The title the community gave it (a Hacker News story's title).</summary>
    public string? Title { get; init; }
}
