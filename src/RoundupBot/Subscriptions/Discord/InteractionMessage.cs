using System.Text.Json.Serialization;
using RoundupBot.Publishing.Discord;

namespace RoundupBot.Subscriptions.Discord;

/// <summary>
/// A reply to an interaction: the <c>data</c> of a response, or the body that edits the deferred reply later. Always
/// with <c>allowed_mentions: {"parse": []}</c>, so text that came from a user or a feed pings nobody.
/// </summary>
/// <param name="Content">At most 2,000 characters, Markdown already escaped; null only in a deferral, which has no text yet.</param>
/// <param name="Flags"><see cref="Ephemeral"/> for a reply only the invoking user sees; null for one the channel sees.</param>
public sealed record InteractionMessage(
    [property: JsonPropertyName("content")] string? Content,
    [property: JsonPropertyName("flags")] int? Flags = null)
{
    /// <summary>EPHEMERAL (1 &lt;&lt; 6).</summary>
    public const int Ephemeral = 64;

    [JsonPropertyName("allowed_mentions")]
    public DiscordAllowedMentions AllowedMentions { get; init; } = DiscordAllowedMentions.None;

    /// <summary>A reply only the invoking user sees.</summary>
    public static InteractionMessage Private(string content) => new(content, Ephemeral);

    /// <summary>A reply the whole channel sees.</summary>
    public static InteractionMessage Public(string content) => new(content);
}
