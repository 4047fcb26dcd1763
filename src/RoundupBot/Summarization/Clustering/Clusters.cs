namespace RoundupBot.Summarization.Clustering;

/// <summary>
/// The outcome of clustering: each section's members as indices into the input, best section first and members in
/// input (rank) order; and the stragglers, which belong to no section.
/// </summary>
public sealed record Clusters(IReadOnlyList<IReadOnlyList<int>> Sections, IReadOnlyList<int> Stragglers);
