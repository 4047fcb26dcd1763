namespace RoundupBot.Ingestion.Fetching;

/// <summary>
/// A successful answer: either 304 (<see cref="NotModified"/>, empty body) or a 2xx body, decompressed and
/// within <c>Fetch:MaxBytes</c>.
/// </summary>
public sealed record FetchResponse
{
    public required Uri RequestedUrl { get; init; }
    /// <summary>The URL after redirects; relative links in the body resolve against it.</summary>
    public required Uri FinalUrl { get; init; }
    public int StatusCode { get; init; }
    public bool NotModified { get; init; }
    public ReadOnlyMemory<byte> Body { get; init; }
    /// <summary>The media type without parameters, lower case (<c>application/rss+xml</c>), or null.</summary>
    public string? MediaType { get; init; }
    /// <summary>The charset parameter of Content-Type, or null.</summary>
    public string? Charset { get; init; }
    public string? ETag { get; init; }
    public string? LastModified { get; init; }
}
