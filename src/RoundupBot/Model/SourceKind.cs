namespace RoundupBot.Model;

/// <summary>
/// How a source is read: a syndication feed, an arXiv feed or query, an HTML page read with CSS selectors, or a
/// community signal (Hugging Face daily papers, a Hacker News search) whose entries carry upvotes or points.
/// </summary>
public enum SourceKind
{
    Rss,
    Arxiv,
    Html,
    HuggingFace,
    HackerNews,
}
