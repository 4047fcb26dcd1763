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

    /// <summary>
    /// <paramref name="href"/> resolved against <paramref name="baseUrl"/> whatever its scheme (an <c>xml:base</c> may be a
    /// tag: or urn: URI that later links resolve against); null when it does not parse.
    /// </summary>
    public static Uri? ResolveAnyUri(string? href, Uri baseUrl)
    {
        if (string.IsNullOrWhiteSpace(href))
        {
            return null;
        }
        href = href.Trim();
        if (Uri.TryCreate(href, UriKind.Absolute, out var absolute) && (IsHttp(absolute) || !href.StartsWith('/')))
        {
            return absolute;
        }
        return Uri.TryCreate(baseUrl, href, out var resolved) ? resolved : null;
    }

    private static bool IsHttp(Uri uri) => uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp;
}
