namespace RoundupBot.Model;

/// <summary>How a source is read: a syndication feed, an arXiv feed or query, or an HTML page read with CSS selectors.</summary>
public enum SourceKind
{
    Rss,
    Arxiv,
    Html,
}
