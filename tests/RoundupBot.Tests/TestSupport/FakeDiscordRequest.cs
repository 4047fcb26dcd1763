namespace RoundupBot.Tests.TestSupport;

/// <summary>One request <see cref="FakeDiscord"/> received and what it answered.</summary>
public sealed record FakeDiscordRequest(string Method, string? WebhookId, DateTimeOffset ArrivedAt, int StatusCode, string Body, string? Answer);
