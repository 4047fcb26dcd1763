namespace RoundupBot.Model;

/// <summary>Coverage of a story shown with its lead: a post, a news article, a Hugging Face or Hacker News page.</summary>
public sealed record RelatedLink
{
    public required string Title { get; init; }
    public required string Link { get; init; }
    /// <summary>The source's name ("Google DeepMind Blog", "Hacker News").</summary>
    public required string Source { get; init; }
}
