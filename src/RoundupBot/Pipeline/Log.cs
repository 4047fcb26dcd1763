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

    // The editor's desk (issue 17): 7050-7099.
    [LoggerMessage(EventId = 1030, Level = LogLevel.Information, Message = "Stored issue #{DigestNumber} as a draft for review, version {Version} (trigger: {Trigger})")]
    public static partial void DraftStored(ILogger logger, int digestNumber, int version, string trigger);

    [LoggerMessage(EventId = 1031, Level = LogLevel.Warning, Message = "Kept the edited draft at version {Version}: the new build (trigger: {Trigger}) replaces it only when an editor rebuilds or discards it")]
    public static partial void DraftKept(ILogger logger, int version, string trigger);

    [LoggerMessage(EventId = 1032, Level = LogLevel.Information, Message = "Published the draft as issue #{DigestNumber} (trigger: {Trigger})")]
    public static partial void DraftPublished(ILogger logger, int digestNumber, string trigger);

    [LoggerMessage(EventId = 1033, Level = LogLevel.Information, Message = "The draft's review deadline {Deadline} passed: publishing it as it stands")]
    public static partial void DraftDeadlinePassed(ILogger logger, DateTimeOffset deadline);

    [LoggerMessage(EventId = 1034, Level = LogLevel.Information, Message = "The draft at version {Version} was published or changed by someone else first; nothing published here")]
    public static partial void DraftPublishedElsewhere(ILogger logger, int version);
}
