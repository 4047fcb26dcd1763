namespace RoundupBot.Model;

/// <summary>
/// Why one shown item was picked (<c>digest build --explain</c>, <c>digest.json</c>'s <c>run.picks</c>): where it is
/// shown, its score and the factors that make it, its signals, its relevance to the focus, and the story it leads.
/// </summary>
public sealed record Pick
{
    public required long Id { get; init; }
    public required string Title { get; init; }
    /// <summary>The section's title, or "Other interesting things to read this week".</summary>
    public required string Placement { get; init; }
    /// <summary>1-based rank among the window's stories.</summary>
    public required int Rank { get; init; }
    /// <summary>The story's score: the lead's own score plus that of the coverage it absorbed.</summary>
    public required double Score { get; init; }
    /// <summary>The lead's own score and each factor of it.</summary>
    public required ScoreFactors Factors { get; init; }
    /// <summary>Cosine similarity (MiniLM) to <c>Roundup:Focus</c>; null without a focus.</summary>
    public double? Relevance { get; init; }
    public IReadOnlyList<ShownSignal>? Signals { get; init; }
    /// <summary>The items this one's story absorbed (shown as "discussed in …").</summary>
    public IReadOnlyList<RelatedLink>? Story { get; init; }
    /// <summary>True when the item is a revision or old news, shown because something this week discusses it.</summary>
    public bool Discussed { get; init; }
}
