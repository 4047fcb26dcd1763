namespace RoundupBot.Model;

/// <summary>One summary sentence and the items it comes from; renderers turn the ids into links.</summary>
public sealed record Sentence(string Text, IReadOnlyList<long> ItemIds);
