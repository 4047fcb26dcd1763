using System.Net;
using Microsoft.Extensions.Logging;

namespace RoundupBot.Ingestion.Fetching;

/// <summary>
/// Fetching's log messages. URLs are logged without user info and query string (<see cref="RedactedUrl"/>), since a
/// query can carry a token; headers are never logged.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Debug, Message = "Fetching {Url}")]
    public static partial void Fetching(ILogger logger, RedactedUrl url);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "Fetched {Url}: status {StatusCode}, {ByteCount} bytes, {MediaType}")]
    public static partial void Fetched(ILogger logger, RedactedUrl url, int statusCode, int byteCount, string? mediaType);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Debug, Message = "{Url} is not modified")]
    public static partial void NotModified(ILogger logger, RedactedUrl url);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Debug, Message = "{Url} redirects ({StatusCode}) to {Target}")]
    public static partial void Redirected(ILogger logger, RedactedUrl url, int statusCode, RedactedUrl target);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Information, Message = "Fetching {Url} failed ({Kind}, status {StatusCode})")]
    public static partial void FetchFailed(ILogger logger, RedactedUrl url, FetchErrorKind kind, int? statusCode);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Warning, Message = "Refused to connect to {Host}: it resolves to {Address}, {Description}")]
    public static partial void PrivateAddressRefused(ILogger logger, string host, IPAddress address, string description);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Debug, Message = "Waiting {Delay} before the next request to {Host}")]
    public static partial void WaitingForHost(ILogger logger, string host, TimeSpan delay);
}
