namespace RoundupBot.Ingestion.Fetching;

/// <summary>A fetch failed. <see cref="Kind"/>, <see cref="Url"/> and <see cref="StatusCode"/> say how; the message says it for people.</summary>
public sealed class FetchException : Exception
{
    public FetchException() { }

    public FetchException(string message) : base(message) { }

    public FetchException(string message, Exception innerException) : base(message, innerException) { }

    public FetchException(FetchErrorKind kind, Uri url, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        Url = url;
    }

    public FetchErrorKind Kind { get; }
    public Uri? Url { get; }
    /// <summary>The HTTP status for <see cref="FetchErrorKind.HttpStatus"/>.</summary>
    public int? StatusCode { get; init; }
    /// <summary>How long the server asked us to wait (429/503 Retry-After), if it said.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
