namespace RoundupBot.Model;

/// <summary>One line of the archive: a published issue without its content.</summary>
public sealed record DigestSummary(int Number, string Title, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd, DateTimeOffset PublishedAt, int Sections, string ContentHash);
