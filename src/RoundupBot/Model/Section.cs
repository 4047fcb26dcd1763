namespace RoundupBot.Model;

/// <summary>A themed section: one emoji, a short title, the sentences that summarize it and the items it covers.</summary>
public sealed record Section
{
    public required string Emoji { get; init; }
    public required string Title { get; init; }
    public required IReadOnlyList<DigestItem> Items { get; init; }
    /// <summary>Each sentence cites at least one item of <see cref="Items"/>.</summary>
    public required IReadOnlyList<Sentence> Sentences { get; init; }
}
