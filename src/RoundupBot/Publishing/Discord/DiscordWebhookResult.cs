namespace RoundupBot.Publishing.Discord;

/// <summary>The outcome of <see cref="DiscordWebhookClient.ExecuteAsync"/>. Nothing in it contains the webhook's token.</summary>
public sealed record DiscordWebhookResult
{
    public required DiscordWebhookStatus Status { get; init; }

    /// <summary>The posted message's id when <see cref="DiscordWebhookStatus.Posted"/>: what the outbox records per part.</summary>
    public string? MessageId { get; init; }

    /// <summary>
    /// The channel the message landed in when posted: the webhook's channel, the thread, or the new forum post (then
    /// post the later parts there, see <see cref="DiscordWebhookTarget.InThread"/>).
    /// </summary>
    public string? ChannelId { get; init; }

    /// <summary>The HTTP status of the last answer; null when no answer came (timeout, connection failure).</summary>
    public int? HttpStatusCode { get; init; }

    /// <summary>Discord's JSON error code of the last answer (10015, 50027, 50035 …), when it sent one.</summary>
    public int? ErrorCode { get; init; }

    /// <summary>
    /// For a 400: each of Discord's <c>errors.&lt;path&gt;._errors</c> as "embeds.0.description: BASE_TYPE_MAX_LENGTH
    /// (Must be 4096 or fewer in length.)". Empty otherwise.
    /// </summary>
    public IReadOnlyList<string> ErrorPaths { get; init; } = [];

    /// <summary>What went wrong, in words; null when posted.</summary>
    public string? Detail { get; init; }

    /// <summary>Requests sent for this message, 429s and retries included.</summary>
    public int Attempts { get; init; }

    /// <summary>How many of those Discord answered with 429.</summary>
    public int RateLimitedCount { get; init; }
}
