using Microsoft.Extensions.Logging;

namespace RoundupBot.Pipeline;

internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Fetched {SourceName}: {EntryCount} entries, {Inserted} new, {Updated} updated")]
    public static partial void SourceFetched(ILogger logger, string sourceName, int entryCount, int inserted, int updated);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Source {SourceName} failed ({FailureCount} in a row): {Error}")]
    public static partial void SourceFailed(ILogger logger, string sourceName, int failureCount, string error);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Seeded {Added} new and updated {Updated} configured sources")]
    public static partial void SourcesSeeded(ILogger logger, int added, int updated);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Published issue #{DigestNumber} with {SectionCount} sections (trigger: {Trigger})")]
    public static partial void RoundupPublished(ILogger logger, int digestNumber, int sectionCount, string trigger);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "A roundup is already running; the {Trigger} trigger did nothing")]
    public static partial void RoundupAlreadyRunning(ILogger logger, string trigger);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "No issue built (trigger: {Trigger}): {Reason}")]
    public static partial void RoundupNotBuilt(ILogger logger, string trigger, string reason);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Information, Message = "Source {SourceName}: skipped {Skipped}")]
    public static partial void EntriesSkipped(ILogger logger, string sourceName, string skipped);

    [LoggerMessage(EventId = 1020, Level = LogLevel.Warning, Message = "{Count} sources were being fetched by a process that stopped; they are due again")]
    public static partial void SourceClaimsReleased(ILogger logger, int count);
}
