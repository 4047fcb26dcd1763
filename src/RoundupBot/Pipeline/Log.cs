using Microsoft.Extensions.Logging;

namespace RoundupBot.Pipeline;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "Fetched {SourceName}: {EntryCount} entries, {Inserted} new, {Updated} updated")]
    public static partial void SourceFetched(ILogger logger, string sourceName, int entryCount, int inserted, int updated);

    [LoggerMessage(2, LogLevel.Warning, "Source {SourceName} failed ({FailureCount} in a row): {Error}")]
    public static partial void SourceFailed(ILogger logger, string sourceName, int failureCount, string error);

    [LoggerMessage(3, LogLevel.Information, "Seeded {Added} new and updated {Updated} configured sources")]
    public static partial void SourcesSeeded(ILogger logger, int added, int updated);

    [LoggerMessage(4, LogLevel.Information, "Published issue #{DigestNumber} with {SectionCount} sections (trigger: {Trigger})")]
    public static partial void RoundupPublished(ILogger logger, int digestNumber, int sectionCount, string trigger);

    [LoggerMessage(5, LogLevel.Information, "A roundup is already running; the {Trigger} trigger did nothing")]
    public static partial void RoundupAlreadyRunning(ILogger logger, string trigger);

    [LoggerMessage(6, LogLevel.Warning, "No issue built (trigger: {Trigger}): {Reason}")]
    public static partial void RoundupNotBuilt(ILogger logger, string trigger, string reason);

    [LoggerMessage(7, LogLevel.Information, "Source {SourceName}: skipped {Skipped}")]
    public static partial void EntriesSkipped(ILogger logger, string sourceName, string skipped);

    [LoggerMessage(20, LogLevel.Warning, "{Count} sources were being fetched by a process that stopped; they are due again")]
    public static partial void SourceClaimsReleased(ILogger logger, int count);

    // The editor's desk (issue 17): 7050-7099.
    [LoggerMessage(EventId = 7050, Level = LogLevel.Information, Message = "Stored issue #{DigestNumber} as a draft for review, version {Version} (trigger: {Trigger})")]
    public static partial void DraftStored(ILogger logger, int digestNumber, int version, string trigger);

    [LoggerMessage(EventId = 7051, Level = LogLevel.Warning, Message = "Kept the edited draft at version {Version}: the new build (trigger: {Trigger}) replaces it only when an editor rebuilds or discards it")]
    public static partial void DraftKept(ILogger logger, int version, string trigger);

    [LoggerMessage(EventId = 7052, Level = LogLevel.Information, Message = "Published the draft as issue #{DigestNumber} (trigger: {Trigger})")]
    public static partial void DraftPublished(ILogger logger, int digestNumber, string trigger);

    [LoggerMessage(EventId = 7053, Level = LogLevel.Information, Message = "The draft's review deadline {Deadline} passed: publishing it as it stands")]
    public static partial void DraftDeadlinePassed(ILogger logger, DateTimeOffset deadline);

    [LoggerMessage(EventId = 7054, Level = LogLevel.Information, Message = "The draft at version {Version} was published or changed by someone else first; nothing published here")]
    public static partial void DraftPublishedElsewhere(ILogger logger, int version);
}
