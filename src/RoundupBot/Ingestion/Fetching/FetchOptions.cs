namespace RoundupBot.Ingestion.Fetching;

/// <summary>How sources are fetched. Bound to the <c>Fetch</c> section.</summary>
public sealed class FetchOptions
{
    public const string SectionName = "Fetch";

    /// <summary>How often a healthy source is due. <value>Default 1 hour; at least 1 minute.</value></summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The whole request, redirects and body included. <value>Default 30 seconds.</value></summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest body accepted, counted after decompression; a larger one is cut off and the fetch fails. <value>Default 10 MiB.</value></summary>
    public long MaxBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Allow hosts that resolve to private, loopback or link-local addresses. <value>Default false; tests and the benchmark set it.</value></summary>
    public bool AllowPrivateAddresses { get; set; }

    /// <summary>Sources fetched at once, across hosts. Each host still gets one request at a time. <value>Default 8.</value></summary>
    public int Concurrency { get; set; } = 8;

    /// <summary>
    /// Requests in flight to one host at once. arXiv hosts always get one, spaced by <see cref="ArxivSpacing"/>.
    /// <value>Default 1: polite to the sites we read.</value>
    /// </summary>
    public int PerHostConcurrency { get; set; } = 1;

    /// <summary>Redirects followed before giving up. <value>Default 5.</value></summary>
    public int MaxRedirects { get; set; } = 5;

    /// <summary>Gap between two requests to an arXiv host, as arXiv's terms ask. <value>Default 3 seconds.</value></summary>
    public TimeSpan ArxivSpacing { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The User-Agent of every request. <value>Default "RoundupBot/1.0", with "(+<c>Roundup:BaseUrl</c>)" appended when
    /// that is set, so feed owners can see who is reading and where the issues appear.</value>
    /// </summary>
    public string UserAgent { get; set; } = DefaultUserAgent;

    public const string DefaultUserAgent = "RoundupBot/1.0";

    /// <summary>
    /// Wait before the one retry of a connection failure or a 502/503/504 answer. The retry happens inside
    /// <see cref="Timeout"/>, so a long delay leaves less time for the second attempt. <value>Default 1 second.</value>
    /// </summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait before retrying a source that keeps failing (the wait doubles per failure from <see cref="Interval"/>). <value>Default 1 day.</value></summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromDays(1);
}
