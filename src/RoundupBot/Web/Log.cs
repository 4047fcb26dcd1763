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
}
