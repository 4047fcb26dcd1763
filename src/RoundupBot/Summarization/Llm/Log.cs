using Microsoft.Extensions.Logging;

namespace RoundupBot.Summarization.Llm;

/// <summary>The LLM engine's log messages. Prompts and answers only at Debug; never the API key.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3200, Level = LogLevel.Information, Message = "Wrote the issue with {Model}: {Calls} calls, {InputTokens} input and {OutputTokens} output tokens, {CacheHits} gists from the store, {Retries} retries, {Fallbacks} fallbacks")]
    public static partial void Wrote(ILogger logger, string model, int calls, long inputTokens, long outputTokens, int cacheHits, int retries, int fallbacks);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Warning, Message = "The model's {Purpose} call failed after its retries ({Reason}); the rest of this build uses the embedded engine's text")]
    public static partial void CallFailed(ILogger logger, string purpose, string reason);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Information, Message = "The evaluator rejected the {Purpose} answer (attempt {Attempt}): {Findings}")]
    public static partial void AnswerRejected(ILogger logger, string purpose, int attempt, string findings);

    [LoggerMessage(EventId = 3203, Level = LogLevel.Warning, Message = "{Part} falls back to the embedded engine's text: {Reason}")]
    public static partial void FellBack(ILogger logger, string part, string reason);

    [LoggerMessage(EventId = 3204, Level = LogLevel.Debug, Message = "Prompt for {Purpose} ({Tokens} tokens):\n{Prompt}")]
    public static partial void Prompt(ILogger logger, string purpose, int tokens, string prompt);

    [LoggerMessage(EventId = 3205, Level = LogLevel.Debug, Message = "Answer for {Purpose}:\n{Answer}")]
    public static partial void Answer(ILogger logger, string purpose, string answer);
}
