namespace RoundupBot.Model;

/// <summary>The format a fetched document turned out to be.</summary>
public enum FeedKind
{
    Rss,
    Atom,
    Json,
    Arxiv,
    Html,
}
