namespace RoundupBot.Summarization.Llm;

/// <summary>
/// Counts the LLM client's transport retries (timeouts, 429s, 5xx) for the run report; the resilience handler adds one
/// per retry. A build reads it before and after, so the count is exact while one build runs at a time (the runner
/// ensures that) and merely approximate otherwise.
/// </summary>
public sealed class LlmHttpRetries
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    internal void Add() => Interlocked.Increment(ref _count);
}
