using System.Text.Json;

namespace RoundupBot.Tests.TestSupport;

/// <summary>A deferred interaction reply that <see cref="FakeDiscord"/> saw edited (<c>PATCH …/messages/@original</c>).</summary>
public sealed record FakeEditedReply(string ApplicationId, string InteractionToken, JsonElement Body, DateTimeOffset ArrivedAt)
{
    public string? Content => Body.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
}
