using System.Text.RegularExpressions;

namespace RoundupBot.Ingestion.Fetching;

/// <summary>
/// A URL as it goes into logs and error messages: scheme, host, port and path, without user info or query string,
/// which can carry a token. Formatting is deferred until a log provider writes the message.
/// </summary>
internal readonly partial record struct RedactedUrl(Uri Url)
{
    public override string ToString()
    {
        if (!Url.IsAbsoluteUri)
        {
            return "(relative URL)";
        }

        var shown = Url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
        // Some schemes have no query of their own (ftp keeps "?apikey=…" in its path, escaped): cut there too.
        var query = Url.Scheme is "http" or "https" ? -1 : shown.IndexOf("%3F", StringComparison.OrdinalIgnoreCase);
        return query < 0 ? shown : shown[..query];
    }

    /// <summary>
    /// <paramref name="text"/> with every http(s) URL in it redacted: the net under messages that did not come from
    /// the fetcher (a parser's error names the feed's URL as it was fetched, query string and all).
    /// </summary>
    public static string RedactAll(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return HttpUrl().Replace(text, match => Uri.TryCreate(match.Value, UriKind.Absolute, out var url)
            ? new RedactedUrl(url).ToString()
            : match.Value);
    }

    [GeneratedRegex(@"https?://[^\s'""<>]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HttpUrl();
}
