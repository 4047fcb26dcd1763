using RoundupBot.Model;

namespace RoundupBot.Summarization.Selection;

/// <summary>An item of the window with its ranking score and the name of the source shown for it.</summary>
/// <param name="Item">The item.</param>
/// <param name="Score">Its score (for a story's lead, the story's score).</param>
/// <param name="SourceName">The name of the highest-weighted source that carried it.</param>
/// <param name="Factors">The factors of its own score; null when it was not ranked by <see cref="ItemRanker"/>.</param>
/// <param name="Relevance">Cosine similarity to <c>Roundup:Focus</c>; null without a focus.</param>
public sealed record RankedItem(Item Item, double Score, string? SourceName, ScoreFactors? Factors = null, double? Relevance = null);
