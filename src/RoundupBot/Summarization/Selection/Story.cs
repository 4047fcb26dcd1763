namespace RoundupBot.Summarization.Selection;

/// <summary>
/// One entry of the issue: the lead (the paper, or the post when there is no paper) and the coverage that discusses it
/// (posts and news that link it), shown with it and nowhere else.
/// </summary>
/// <param name="Lead">The item shown, its <see cref="RankedItem.Score"/> the story's.</param>
/// <param name="Coverage">The items that discuss it, best first.</param>
/// <param name="Score">The lead's own score plus its coverage's.</param>
public sealed record Story(RankedItem Lead, IReadOnlyList<RankedItem> Coverage, double Score);
