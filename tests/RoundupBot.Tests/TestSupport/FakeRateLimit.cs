namespace RoundupBot.Tests.TestSupport;

/// <summary>At most <paramref name="Limit"/> requests per fixed window of <paramref name="Window"/>, the window starting at its first request.</summary>
public sealed record FakeRateLimit(int Limit, TimeSpan Window);
