using System.Text.Json.Serialization;

namespace RoundupBot.Publishing.Discord;

/// <summary>
/// The JSON body of one "Execute Webhook" request (Discord's <c>IncomingWebhookRequestPartial</c>), with Discord's
/// snake_case names. Null properties are left out of the JSON (<see cref="DiscordJson"/>): Discord rejects an empty
/// string where a URL or text is optional, so "nothing" is always null, never "".
/// </summary>
/// <remarks>
/// <see cref="Rendering.DiscordRenderer"/> builds these within every documented limit (see <see cref="DiscordLimits"/>);
/// <see cref="DiscordWebhookClient"/> sends them as they are, adding only <see cref="ThreadName"/> for a forum post.
/// </remarks>
public sealed record DiscordWebhookMessage
{
    /// <summary>Markdown text above the embeds; at most <see cref="DiscordLimits.ContentLength"/> characters.</summary>
    [JsonPropertyName("content")]
    public string? Content { get; init; }

    /// <summary>At most <see cref="DiscordLimits.EmbedsPerMessage"/>, together at most <see cref="DiscordLimits.EmbedsTotalLength"/> characters.</summary>
    [JsonPropertyName("embeds")]
    public IReadOnlyList<DiscordEmbed>? Embeds { get; init; }

    /// <summary>Overrides the webhook's name (<c>Discord:Username</c>); 1 to 80 characters.</summary>
    [JsonPropertyName("username")]
    public string? Username { get; init; }

    /// <summary>Overrides the webhook's avatar (<c>Discord:AvatarUrl</c>).</summary>
    [JsonPropertyName("avatar_url")]
    public string? AvatarUrl { get; init; }

    /// <summary>Always <see cref="DiscordAllowedMentions.None"/>: a feed title with <c>@everyone</c> must ping nobody.</summary>
    [JsonPropertyName("allowed_mentions")]
    public DiscordAllowedMentions AllowedMentions { get; init; } = DiscordAllowedMentions.None;

    /// <summary>
    /// For a webhook of a forum channel: the name of the post this message creates (at most
    /// <see cref="DiscordLimits.ThreadNameLength"/> characters). Set by the publisher, not the renderer.
    /// </summary>
    [JsonPropertyName("thread_name")]
    public string? ThreadName { get; init; }
}
