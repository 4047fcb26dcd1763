using Microsoft.Extensions.Logging;

namespace RoundupBot.Scheduling;

internal static partial class Log
{
    [LoggerMessage(100, LogLevel.Information, "Scheduled {TriggerKey}: {Schedule}")]
    public static partial void TriggerAdded(ILogger logger, string triggerKey, string schedule);

    [LoggerMessage(101, LogLevel.Debug, "Kept the stored {TriggerKey} ({Schedule}); its next firing is {NextFireTimeUtc:o}")]
    public static partial void TriggerKept(ILogger logger, string triggerKey, string schedule, DateTimeOffset? nextFireTimeUtc);

    [LoggerMessage(102, LogLevel.Information, "The configuration changed {TriggerKey} from {OldSchedule} to {NewSchedule}; rescheduled it")]
    public static partial void TriggerRescheduled(ILogger logger, string triggerKey, string oldSchedule, string newSchedule);

    [LoggerMessage(103, LogLevel.Warning, "Skipped the roundup scheduled for {ScheduledFireTimeUtc:o}: it is {Lateness} late, more than the {MaxLateness} a missed roundup may be")]
    public static partial void RoundupTooLate(ILogger logger, DateTimeOffset scheduledFireTimeUtc, TimeSpan lateness, TimeSpan maxLateness);

    [LoggerMessage(104, LogLevel.Information, "Running the roundup scheduled for {ScheduledFireTimeUtc:o} ({Lateness} late)")]
    public static partial void RoundupStarting(ILogger logger, DateTimeOffset scheduledFireTimeUtc, TimeSpan lateness);

    [LoggerMessage(105, LogLevel.Information, "The scheduled roundup found another run in progress and did nothing")]
    public static partial void RoundupSkippedAlreadyRunning(ILogger logger);

    [LoggerMessage(106, LogLevel.Information, "Scheduled fetch: {SourceCount} due sources, {FailedCount} failed")]
    public static partial void FetchFinished(ILogger logger, int sourceCount, int failedCount);

    [LoggerMessage(107, LogLevel.Information, "Delivery retry: {SentCount} sent, {FailedCount} failed, {RetryingCount} to retry later")]
    public static partial void DeliveriesRetried(ILogger logger, int sentCount, int failedCount, int retryingCount);

    [LoggerMessage(108, LogLevel.Information, "Another instance stored {TriggerKey} at the same moment; kept it (next firing {NextFireTimeUtc:o})")]
    public static partial void TriggerKeptFromOtherInstance(ILogger logger, string triggerKey, DateTimeOffset nextFireTimeUtc);

    [LoggerMessage(109, LogLevel.Warning, "The shared schedule in the database has {TriggerKey} as {StoredSchedule}, but this instance's configuration says {ConfiguredSchedule}; the database's schedule wins. To change it for every instance, update their configuration and run 'roundup schedule apply' once")]
    public static partial void SharedScheduleKept(ILogger logger, string triggerKey, string storedSchedule, string configuredSchedule);

    [LoggerMessage(110, LogLevel.Information, "Scheduled fetch: queued {SourceCount} due sources for whichever instance is free")]
    public static partial void FetchSpread(ILogger logger, int sourceCount);

    [LoggerMessage(111, LogLevel.Debug, "Source {SourceId} was no longer due when its turn came (fetched meanwhile, disabled or removed)")]
    public static partial void SourceNotDue(ILogger logger, long sourceId);

    [LoggerMessage(112, LogLevel.Warning, "Running {JobKey} again (the firing scheduled for {OriginalScheduledFireTime}): the instance that was running it stopped checking in. Waiting {Wait} first, until its delivery claims have ended")]
    public static partial void RecoveringJob(ILogger logger, string jobKey, TimeSpan wait, string? originalScheduledFireTime);

    [LoggerMessage(113, LogLevel.Information, "Helped send what other instances queued: {SentCount} sent, {FailedCount} failed, {RetryingCount} to retry later")]
    public static partial void DeliveriesHelped(ILogger logger, int sentCount, int failedCount, int retryingCount);

    [LoggerMessage(114, LogLevel.Warning, "Could not look for due deliveries (trying again at the next check-in): {Reason}")]
    public static partial void DueDeliveryPollFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 7060, Level = LogLevel.Warning, Message = "Could not look for a draft past its review deadline: {Error}")]
    public static partial void DraftDeadlineCheckFailed(ILogger logger, string error);
}
