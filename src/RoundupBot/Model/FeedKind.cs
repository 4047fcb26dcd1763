namespace RoundupBot.Model;

/// <summary>The format a fetched document turned out to be.</summary>
public enum FeedKind
{
    Rss,
    Atom,
    Json,
    Arxiv,
    Html,
    /// <summary>Hugging Face's daily papers API (JSON).</summary>
    HuggingFace,
    /// <summary>Hacker News' search API (Algolia JSON).</summary>
    HackerNews,
}
