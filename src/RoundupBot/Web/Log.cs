using Microsoft.Extensions.Logging;

namespace RoundupBot.Web;

internal static partial class Log
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "An admin token was rejected ({Via}); the token itself is not logged")]
    public static partial void AdminTokenRejected(ILogger logger, string via);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Admin signed in")]
    public static partial void AdminSignedIn(ILogger logger);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "Admin added source {SourceId} ({SourceName})")]
    public static partial void SourceAdded(ILogger logger, long sourceId, string sourceName);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Information, Message = "Admin removed source {SourceId} ({SourceName})")]
    public static partial void SourceRemoved(ILogger logger, long sourceId, string sourceName);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Information, Message = "Admin {Action} source {SourceId} ({SourceName})")]
    public static partial void SourceSwitched(ILogger logger, string action, long sourceId, string sourceName);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Information, Message = "Admin pressed Run roundup now")]
    public static partial void RunRequested(ILogger logger);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Information, Message = "Refused a Discord interaction request: {Verdict}")]
    public static partial void InteractionRefused(ILogger logger, RoundupBot.Subscriptions.Discord.InteractionVerdict verdict);

    [LoggerMessage(EventId = 6008, Level = LogLevel.Warning, Message = "The store does not answer: {Failure} Scheduled work waits and pages that need the store answer 503 until it is back; checking every {Interval}.")]
    public static partial void StoreDoesNotAnswer(ILogger logger, string failure, TimeSpan interval);

    [LoggerMessage(EventId = 6009, Level = LogLevel.Warning, Message = "The store still does not answer after {Downtime}: {Failure}")]
    public static partial void StoreStillDoesNotAnswer(ILogger logger, TimeSpan downtime, string failure);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Information, Message = "The store answers again, after {Downtime} without it")]
    public static partial void StoreAnswersAgain(ILogger logger, TimeSpan downtime);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Warning, Message = "{Method} {Path} answered 503: {Failure}")]
    public static partial void RequestFailedOnStore(ILogger logger, string method, string path, string failure);

    [LoggerMessage(EventId = 6012, Level = LogLevel.Information, Message = "Refused an admin sign-in cookie: {Reason}; the browser is asked to sign in again")]
    public static partial void AdminSessionRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 6013, Level = LogLevel.Warning, Message = "Too many wrong admin tokens from {Address}: further tokens from there are refused for {Delay}")]
    public static partial void AdminTokensThrottled(ILogger logger, string address, TimeSpan delay);
}
