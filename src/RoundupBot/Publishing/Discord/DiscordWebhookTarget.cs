using System.Globalization;

namespace RoundupBot.Publishing.Discord;

/// <summary>
/// Where a message goes: a webhook (its id and its token, a secret) and, optionally, a thread of its channel or a new
/// forum post. <see cref="ToString"/> never shows the token.
/// </summary>
/// <param name="WebhookId">The webhook's snowflake id (digits).</param>
/// <param name="Token">The webhook's token: a secret, never logged or shown.</param>
public sealed record DiscordWebhookTarget(string WebhookId, string Token)
{
    /// <summary>Posts into this thread of the webhook's channel (<c>?thread_id=</c>). Wins over <see cref="ThreadName"/>.</summary>
    public string? ThreadId { get; init; }

    /// <summary>
    /// For a webhook of a forum channel: creates a post with this name (the title, cut to 100 characters). The
    /// reply's channel id is the new post: send the later parts there with <see cref="InThread"/>.
    /// </summary>
    public string? ThreadName { get; init; }

    /// <summary>The same webhook, posting into thread <paramref name="threadId"/> (and no longer creating a post).</summary>
    public DiscordWebhookTarget InThread(string threadId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(threadId);
        return this with { ThreadId = threadId, ThreadName = null };
    }

    /// <summary>"webhooks/123/***": the form every log line and message uses.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"webhooks/{WebhookId}/***");
}
