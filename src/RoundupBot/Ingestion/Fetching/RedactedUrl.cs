namespace RoundupBot.Ingestion.Fetching;

/// <summary>
/// A URL as it goes into logs: scheme, host, port and path, without user info or query string, which can carry a
/// token. Formatting is deferred until a log provider writes the message.
/// </summary>
internal readonly record struct RedactedUrl(Uri Url)
{
    public override string ToString() => Url.IsAbsoluteUri
        ? Url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped)
        : "(relative URL)";
}
