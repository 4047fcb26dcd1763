using System.Globalization;

namespace RoundupBot.Publishing.Discord;

/// <summary>
/// A webhook RoundupBot holds: from a pasted URL (checked with Discord), from the OAuth2 <c>webhook.incoming</c> token
/// response, or created by the bot in a channel. <see cref="Token"/> is a secret: <see cref="ToString"/> leaves it out.
/// </summary>
/// <param name="Id">The webhook's snowflake id (digits).</param>
/// <param name="Token">The webhook's token (letters, digits, '-', '_', '.'): a secret.</param>
/// <param name="ChannelId">The channel it posts to, when known.</param>
/// <param name="GuildId">The guild (server) of that channel, when known.</param>
/// <param name="Name">The webhook's name in Discord, when known.</param>
public sealed record DiscordWebhookInfo(string Id, string Token, string? ChannelId, string? GuildId, string? Name)
{
    /// <summary>Post into this thread of the channel (<c>?thread_id=</c>). <value>Default null: the channel itself.</value></summary>
    public string? ThreadId { get; init; }

    /// <summary>
    /// The channel is a forum (or media) channel: each issue opens a post. <value>Default false.</value> When a forum is
    /// not known as one, the publisher learns it from Discord's refusal of the first message and asks again.
    /// </summary>
    public bool IsForum { get; init; }

    /// <summary>"webhooks/ID/***".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"webhooks/{Id}/***");
}
