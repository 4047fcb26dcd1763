namespace RoundupBot.Summarization;

/// <summary>What an issue's intro can say about the week: its number and how much was read.</summary>
public sealed record IntroContext(int Number, int WindowItems, int Sources);
