using System.Globalization;

namespace RoundupBot.Model;

/// <summary>
/// The webhook behind a Discord subscriber: where its issues are posted. <see cref="Token"/> is a secret (anyone with it
/// can post to the channel), so <see cref="ToString"/> leaves it out and nothing shows or logs it.
/// </summary>
public sealed record DiscordWebhook
{
    /// <summary>The <see cref="Subscriber"/> this webhook belongs to (one webhook per subscriber).</summary>
    public long SubscriberId { get; init; }

    /// <summary>The webhook's snowflake id (digits); unique among subscriptions.</summary>
    public required string WebhookId { get; init; }

    /// <summary>The webhook's token: a secret.</summary>
    public required string Token { get; init; }

    /// <summary>The channel the webhook posts to, when Discord told us.</summary>
    public string? ChannelId { get; init; }

    public string? GuildId { get; init; }

    /// <summary>Post into this thread of the channel (<c>?thread_id=</c>) instead of the channel itself.</summary>
    public string? ThreadId { get; init; }

    /// <summary>The channel is a forum: each issue opens a post named after the issue.</summary>
    public bool IsForum { get; init; }

    /// <summary>The webhook's name in Discord, when known.</summary>
    public string? Name { get; init; }

    /// <summary>"webhooks/ID/***": the form every log line and message uses.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"webhooks/{WebhookId}/***");
}
