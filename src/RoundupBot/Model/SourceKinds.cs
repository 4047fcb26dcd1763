namespace RoundupBot.Model;

/// <summary>The lower-case names of <see cref="SourceKind"/> used in configuration, the command line and the store.</summary>
public static class SourceKinds
{
    /// <summary>Reads <c>rss</c>, <c>arxiv</c> or <c>html</c> (any case); null or empty means rss.</summary>
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
            default:
                kind = SourceKind.Rss;
                return false;
        }
    }

    public static string Format(SourceKind kind) => kind switch
    {
        SourceKind.Arxiv => "arxiv",
        SourceKind.Html => "html",
        _ => "rss",
    };
}
