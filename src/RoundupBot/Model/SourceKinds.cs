namespace RoundupBot.Model;

/// <summary>The lower-case names of <see cref="SourceKind"/> used in configuration, the command line and the store.</summary>
public static class SourceKinds
{
    /// <summary>The names, as messages list them.</summary>
    public const string Names = "rss, arxiv, html, huggingface or hackernews";

    /// <summary>Reads <c>rss</c>, <c>arxiv</c>, <c>html</c>, <c>huggingface</c> or <c>hackernews</c> (any case); null or empty means rss.</summary>
    public static bool TryParse(string? value, out SourceKind kind)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case null or "" or "rss":
                kind = SourceKind.Rss;
                return true;
            case "arxiv":
                kind = SourceKind.Arxiv;
                return true;
            case "html":
                kind = SourceKind.Html;
                return true;
            case "huggingface":
                kind = SourceKind.HuggingFace;
                return true;
            case "hackernews":
                kind = SourceKind.HackerNews;
                return true;
            default:
                kind = SourceKind.Rss;
                return false;
        }
    }

    public static string Format(SourceKind kind) => kind switch
    {
        SourceKind.Arxiv => "arxiv",
        SourceKind.Html => "html",
        SourceKind.HuggingFace => "huggingface",
        SourceKind.HackerNews => "hackernews",
        _ => "rss",
    };

    /// <summary>Whether the source is a community signal: what it carries counts as attention, not as coverage.</summary>
    public static bool IsSignal(SourceKind kind) => kind is SourceKind.HuggingFace or SourceKind.HackerNews;
}
