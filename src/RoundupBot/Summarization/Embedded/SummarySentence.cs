namespace RoundupBot.Summarization.Embedded;

/// <summary>One sentence of a section's summary and the item it speaks of.</summary>
/// <param name="Text">The sentence as a reader sees it, at most the summarizer's length limit (cut with "…").</param>
/// <param name="ItemId">The item the sentence speaks of (the first of <see cref="ItemIds"/>).</param>
public sealed record SummarySentence(string Text, long ItemId)
{
    /// <summary>Every item the sentence cites: <c>[ItemId]</c>, or all the items a framing sentence frames.</summary>
    public IReadOnlyList<long>? ItemIds { get; init; }

    /// <summary>The words of <see cref="Text"/> that name the item, linked by renderers; null when it names none.</summary>
    public string? Name { get; init; }

    /// <summary>The item's own words the sentence carries, as <see cref="SentenceEditor.StandAlone"/> trimmed them; null for a framing sentence.</summary>
    public string? Quote { get; init; }

    /// <summary>True for a section's opening line, built from its keyphrases, that frames its items rather than quoting one.</summary>
    public bool Frames { get; init; }

    /// <summary>The items cited: <see cref="ItemIds"/> when set, else <c>[ItemId]</c>.</summary>
    public IReadOnlyList<long> Cited => ItemIds ?? [ItemId];
}
