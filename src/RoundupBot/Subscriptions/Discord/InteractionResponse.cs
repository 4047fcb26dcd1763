using System.Text.Json.Serialization;

namespace RoundupBot.Subscriptions.Discord;

/// <summary>The body we answer an interaction request with.</summary>
/// <param name="Type">PONG (1), a message now (4) or "thinking…" with the message to follow (5).</param>
/// <param name="Data">The message (type 4), or only its flags (type 5: an ephemeral deferral keeps the follow-up ephemeral).</param>
public sealed record InteractionResponse(
    [property: JsonPropertyName("type")] int Type,
    [property: JsonPropertyName("data")] InteractionMessage? Data = null)
{
    public const int PongType = 1;
    public const int ChannelMessageType = 4;
    public const int DeferredChannelMessageType = 5;

    public static InteractionResponse Pong { get; } = new(PongType);

    public static InteractionResponse Message(InteractionMessage message) => new(ChannelMessageType, message);

    /// <summary>Acknowledges now; the reply is edited in later with <see cref="DiscordApiClient.EditOriginalResponseAsync"/>.</summary>
    public static InteractionResponse Deferred(bool ephemeral) => new(DeferredChannelMessageType, ephemeral ? new InteractionMessage(null, InteractionMessage.Ephemeral) : null);
}
