namespace RoundupBot.Ingestion.Parsing;

/// <summary>Resolves the links feeds carry (often relative, sometimes padded with whitespace) to absolute http(s) URLs.</summary>
internal static class FeedUrls
{
    /// <summary>The absolute http(s) form of <paramref name="href"/>, or null when it is empty, not http(s) or unresolvable.</summary>
    public static string? Resolve(string? href, Uri? baseUrl)
    {
        var uri = ResolveUri(href, baseUrl);
        return uri?.AbsoluteUri;
    }

    public static Uri? ResolveUri(string? href, Uri? baseUrl)
    {
        if (string.IsNullOrWhiteSpace(href))
        {
            return null;
        }
        href = href.Trim();
        // On Unix "/path" parses as an absolute file: URI, so only http(s) counts as already absolute.
        if (Uri.TryCreate(href, UriKind.Absolute, out var absolute) && IsHttp(absolute))
        {
            return absolute;
        }
        if (baseUrl is not null && baseUrl.IsAbsoluteUri && Uri.TryCreate(baseUrl, href, out var resolved) && IsHttp(resolved))
        {
            return resolved;
        }
        return null;
    }

    private static bool IsHttp(Uri uri) => uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp;
}
