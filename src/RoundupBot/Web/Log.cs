using Microsoft.Extensions.Logging;

namespace RoundupBot.Web;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "An admin token was rejected ({Via}); the token itself is not logged")]
    public static partial void AdminTokenRejected(ILogger logger, string via);

    [LoggerMessage(2, LogLevel.Information, "Admin signed in")]
    public static partial void AdminSignedIn(ILogger logger);

    [LoggerMessage(3, LogLevel.Information, "Admin added source {SourceId} ({SourceName})")]
    public static partial void SourceAdded(ILogger logger, long sourceId, string sourceName);

    [LoggerMessage(4, LogLevel.Information, "Admin removed source {SourceId} ({SourceName})")]
    public static partial void SourceRemoved(ILogger logger, long sourceId, string sourceName);

    [LoggerMessage(5, LogLevel.Information, "Admin {Action} source {SourceId} ({SourceName})")]
    public static partial void SourceSwitched(ILogger logger, string action, long sourceId, string sourceName);

    [LoggerMessage(6, LogLevel.Information, "Admin pressed Run roundup now")]
    public static partial void RunRequested(ILogger logger);

    [LoggerMessage(7, LogLevel.Information, "Refused a Discord interaction request: {Verdict}")]
    public static partial void InteractionRefused(ILogger logger, RoundupBot.Publishing.Discord.Interactions.InteractionVerdict verdict);

    [LoggerMessage(8, LogLevel.Warning, "The store does not answer: {Failure} Scheduled work waits and pages that need the store answer 503 until it is back; checking every {Interval}.")]
    public static partial void StoreDoesNotAnswer(ILogger logger, string failure, TimeSpan interval);

    [LoggerMessage(9, LogLevel.Warning, "The store still does not answer after {Downtime}: {Failure}")]
    public static partial void StoreStillDoesNotAnswer(ILogger logger, TimeSpan downtime, string failure);

    [LoggerMessage(10, LogLevel.Information, "The store answers again, after {Downtime} without it")]
    public static partial void StoreAnswersAgain(ILogger logger, TimeSpan downtime);

    [LoggerMessage(11, LogLevel.Warning, "{Method} {Path} answered 503: {Failure}")]
    public static partial void RequestFailedOnStore(ILogger logger, string method, string path, string failure);

    [LoggerMessage(12, LogLevel.Information, "Refused an admin sign-in cookie: {Reason}; the browser is asked to sign in again")]
    public static partial void AdminSessionRefused(ILogger logger, string reason);

    [LoggerMessage(13, LogLevel.Warning, "Too many wrong admin tokens from {Address}: further tokens from there are refused for {Delay}")]
    public static partial void AdminTokensThrottled(ILogger logger, string address, TimeSpan delay);
}
