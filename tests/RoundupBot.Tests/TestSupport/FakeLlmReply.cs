namespace RoundupBot.Tests.TestSupport;

/// <summary>What the fake LLM answers to one request.</summary>
/// <param name="Content">The assistant message's text (ignored unless the status is 200).</param>
/// <param name="Status">The HTTP status.</param>
/// <param name="Delay">How long to wait before answering (a timeout test waits longer than the client's attempt timeout).</param>
/// <param name="RetryAfter">Sent as Retry-After (seconds) when set.</param>
public sealed record FakeLlmReply(string? Content, int Status = 200, TimeSpan Delay = default, int? RetryAfter = null)
{
    public static FakeLlmReply Text(string content) => new(content);

    public static FakeLlmReply Error(int status, int? retryAfter = null) => new(null, status, RetryAfter: retryAfter);
}
