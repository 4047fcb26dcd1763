namespace RoundupBot.Summarization.Embedded;

/// <summary>One sentence of a section's summary and the item it was taken from.</summary>
/// <param name="Text">The sentence, whitespace collapsed, at most the summarizer's length limit (cut with "…").</param>
/// <param name="ItemId">The id of the item the sentence came from; the digest's <c>itemIds</c> is <c>[ItemId]</c>.</param>
public sealed record SummarySentence(string Text, long ItemId);
