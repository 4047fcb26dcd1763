namespace RoundupBot.Tests.Summarization.Embedded;

internal sealed record LabelledItem(int Id, string Label, string Title, string Summary);
