namespace RoundupBot.Model;

/// <summary>The factors of an item's ranking score; <see cref="Score"/> is their product.</summary>
public sealed record ScoreFactors
{
    /// <summary>The highest weight among the sources that carried it.</summary>
    public required double Weight { get; init; }
    /// <summary>1 + 0.5 per further (non-signal) source + 0.5 per item linking it (up to 4).</summary>
    public required double Attention { get; init; }
    /// <summary>1 + the log-scaled community signals (up to 3).</summary>
    public required double Signals { get; init; }
    /// <summary>Halves from the end of the window to its start.</summary>
    public required double Recency { get; init; }
    /// <summary>0.5 + the relevance to the focus (1 without a focus).</summary>
    public required double Focus { get; init; }
    /// <summary>1 + 0.25 per interest phrase found (up to 4).</summary>
    public required double Interests { get; init; }
    public required double Score { get; init; }
}
