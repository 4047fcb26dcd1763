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
}
