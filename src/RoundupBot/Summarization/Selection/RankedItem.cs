using RoundupBot.Model;

namespace RoundupBot.Summarization.Selection;

/// <summary>An item of the window with its ranking score and the name of the source shown for it.</summary>
public sealed record RankedItem(Item Item, double Score, string? SourceName);
