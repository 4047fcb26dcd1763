using Microsoft.Extensions.Logging;

namespace RoundupBot.Scheduling;

internal static partial class Log
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Scheduled {TriggerKey}: {Schedule}")]
    public static partial void TriggerAdded(ILogger logger, string triggerKey, string schedule);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "Kept the stored {TriggerKey} ({Schedule}); its next firing is {NextFireTimeUtc:o}")]
    public static partial void TriggerKept(ILogger logger, string triggerKey, string schedule, DateTimeOffset? nextFireTimeUtc);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "The configuration changed {TriggerKey} from {OldSchedule} to {NewSchedule}; rescheduled it")]
    public static partial void TriggerRescheduled(ILogger logger, string triggerKey, string oldSchedule, string newSchedule);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Skipped the roundup scheduled for {ScheduledFireTimeUtc:o}: it is {Lateness} late, more than the {MaxLateness} a missed roundup may be")]
    public static partial void RoundupTooLate(ILogger logger, DateTimeOffset scheduledFireTimeUtc, TimeSpan lateness, TimeSpan maxLateness);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Running the roundup scheduled for {ScheduledFireTimeUtc:o} ({Lateness} late)")]
    public static partial void RoundupStarting(ILogger logger, DateTimeOffset scheduledFireTimeUtc, TimeSpan lateness);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "The scheduled roundup found another run in progress and did nothing")]
    public static partial void RoundupSkippedAlreadyRunning(ILogger logger);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Information, Message = "Scheduled fetch: {SourceCount} due sources, {FailedCount} failed")]
    public static partial void FetchFinished(ILogger logger, int sourceCount, int failedCount);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Information, Message = "Delivery retry: {SentCount} sent, {FailedCount} failed, {RetryingCount} to retry later")]
    public static partial void DeliveriesRetried(ILogger logger, int sentCount, int failedCount, int retryingCount);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Information, Message = "Another instance stored {TriggerKey} at the same moment; kept it (next firing {NextFireTimeUtc:o})")]
    public static partial void TriggerKeptFromOtherInstance(ILogger logger, string triggerKey, DateTimeOffset nextFireTimeUtc);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Warning, Message = "The shared schedule in the database has {TriggerKey} as {StoredSchedule}, but this instance's configuration says {ConfiguredSchedule}; the database's schedule wins. To change it for every instance, update their configuration and run 'roundup schedule apply' once")]
    public static partial void SharedScheduleKept(ILogger logger, string triggerKey, string storedSchedule, string configuredSchedule);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "Scheduled fetch: queued {SourceCount} due sources for whichever instance is free")]
    public static partial void FetchSpread(ILogger logger, int sourceCount);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Debug, Message = "Source {SourceId} was no longer due when its turn came (fetched meanwhile, disabled or removed)")]
    public static partial void SourceNotDue(ILogger logger, long sourceId);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Warning, Message = "Running {JobKey} again (the firing scheduled for {OriginalScheduledFireTime}): the instance that was running it stopped checking in. Waiting {Wait} first, until its delivery claims have ended")]
    public static partial void RecoveringJob(ILogger logger, string jobKey, TimeSpan wait, string? originalScheduledFireTime);

    [LoggerMessage(EventId = 2013, Level = LogLevel.Information, Message = "Helped send what other instances queued: {SentCount} sent, {FailedCount} failed, {RetryingCount} to retry later")]
    public static partial void DeliveriesHelped(ILogger logger, int sentCount, int failedCount, int retryingCount);

    [LoggerMessage(EventId = 2014, Level = LogLevel.Warning, Message = "Could not look for due deliveries (trying again at the next check-in): {Reason}")]
    public static partial void DueDeliveryPollFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 2015, Level = LogLevel.Warning, Message = "Could not look for a draft past its review deadline: {Error}")]
    public static partial void DraftDeadlineCheckFailed(ILogger logger, string error);
}
