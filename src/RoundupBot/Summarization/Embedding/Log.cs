using Microsoft.Extensions.Logging;

namespace RoundupBot.Summarization.Embedding;

/// <summary>Embedding's log messages.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "Embedded {ItemCount} items with {Model}: {CachedCount} from the store, {ComputedCount} computed in {ElapsedMs} ms")]
    public static partial void Embedded(ILogger logger, int itemCount, string model, int cachedCount, int computedCount, long elapsedMs);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Loaded the embedding model {Model} in {ElapsedMs} ms")]
    public static partial void ModelLoaded(ILogger logger, string model, long elapsedMs);
}
