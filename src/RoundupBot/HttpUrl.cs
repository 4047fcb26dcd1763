namespace RoundupBot;

/// <summary>
/// The one check for "an absolute http or https URL with a host", used wherever a URL from a feed, an LLM or a
/// configuration file may become a link or a request: <c>javascript:</c>, <c>data:</c>, <c>mailto:</c>,
/// <c>file:</c>, relative and host-less URLs never pass.
/// </summary>
public static class HttpUrl
{
    // Normalizing one entry asks about the same link string several times (is it arXiv, a DOI, its clean form, its
    // key), and a parse is a tenth of the fetch's parsing and normalizing (measured). So each thread remembers its last
    // two answers by string reference: exact, since strings are immutable, and nothing is shared between threads.
    [ThreadStatic]
    private static (string? Url, Uri? Uri) t_last;

    [ThreadStatic]
    private static (string? Url, Uri? Uri) t_previous;

    /// <summary>The URL, trimmed and parsed, when it is an absolute http or https URL with a host; otherwise null.</summary>
    public static Uri? TryParse(string? url)
    {
        if (url is null)
        {
            return null;
        }
        if (ReferenceEquals(url, t_last.Url))
        {
            return t_last.Uri;
        }
        if (ReferenceEquals(url, t_previous.Url))
        {
            (t_last, t_previous) = (t_previous, t_last);
            return t_last.Uri;
        }

        var parsed = Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            && !string.IsNullOrEmpty(uri.Host)
                ? uri
                : null;
        t_previous = t_last;
        t_last = (url, parsed);
        return parsed;
    }

    /// <summary>True when <see cref="TryParse"/> accepts <paramref name="url"/>.</summary>
    public static bool IsValid(string? url) => TryParse(url) is not null;
}
