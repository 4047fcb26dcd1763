using System.Text.Json.Serialization;

namespace RoundupBot.Publishing.Discord;

/// <summary>Source-generated serialization of the bodies we send and the replies we read.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DiscordWebhookMessage))]
[JsonSerializable(typeof(IReadOnlyList<DiscordWebhookMessage>))]
internal sealed partial class DiscordJsonContext : JsonSerializerContext;
