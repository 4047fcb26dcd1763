namespace RoundupBot;

/// <summary>
/// The one check for "an absolute http or https URL with a host", used wherever a URL from a feed, an LLM or a
/// configuration file may become a link or a request: <c>javascript:</c>, <c>data:</c>, <c>mailto:</c>,
/// <c>file:</c>, relative and host-less URLs never pass.
/// </summary>
public static class HttpUrl
{
    /// <summary>The URL, trimmed and parsed, when it is an absolute http or https URL with a host; otherwise null.</summary>
    public static Uri? TryParse(string? url) =>
        Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && !string.IsNullOrEmpty(uri.Host)
            ? uri
            : null;

    /// <summary>True when <see cref="TryParse"/> accepts <paramref name="url"/>.</summary>
    public static bool IsValid(string? url) => TryParse(url) is not null;
}
