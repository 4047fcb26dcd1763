using System.Text.Json.Serialization;
using RoundupBot.Publishing.Discord;

namespace RoundupBot.Subscriptions.Discord;

/// <summary>Source-generated serialization of interaction replies and command registrations.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(InteractionResponse))]
[JsonSerializable(typeof(InteractionMessage))]
[JsonSerializable(typeof(IReadOnlyList<ApplicationCommand>))]
[JsonSerializable(typeof(CreateWebhookRequest))]
internal sealed partial class InteractionJsonContext : JsonSerializerContext;
