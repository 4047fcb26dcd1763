namespace RoundupBot.Ingestion.Fetching;

/// <summary>Why a fetch failed.</summary>
public enum FetchErrorKind
{
    /// <summary>Not an absolute http or https URL.</summary>
    InvalidUrl,
    /// <summary>The host resolves to a private, loopback or link-local address and <c>Fetch:AllowPrivateAddresses</c> is false.</summary>
    PrivateAddress,
    /// <summary>DNS failure, refused or reset connection, TLS failure.</summary>
    Network,
    /// <summary>No complete answer within <c>Fetch:Timeout</c>.</summary>
    Timeout,
    /// <summary>More than the allowed number of redirects (or a loop).</summary>
    TooManyRedirects,
    /// <summary>The (decompressed) body exceeded <c>Fetch:MaxBytes</c>.</summary>
    TooLarge,
    /// <summary>A non-success HTTP status; see <see cref="FetchException.StatusCode"/>.</summary>
    HttpStatus,
}
