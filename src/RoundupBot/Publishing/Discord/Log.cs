using Microsoft.Extensions.Logging;

namespace RoundupBot.Publishing.Discord;

// A webhook appears only as webhooks/ID/*** (DiscordWebhookTarget.ToString): its token is a secret, and logs get shared.
internal static partial class Log
{
    [LoggerMessage(700, LogLevel.Debug, "Posted message {MessageId} through {Webhook} into channel {ChannelId}")]
    public static partial void Posted(ILogger logger, DiscordWebhookTarget webhook, string messageId, string channelId);

    [LoggerMessage(701, LogLevel.Information, "Discord rate-limited {Webhook} (global: {Global}, scope: {Scope}); sending again after {RetryAfter}")]
    public static partial void RateLimited(ILogger logger, DiscordWebhookTarget webhook, bool global, string scope, TimeSpan retryAfter);

    [LoggerMessage(702, LogLevel.Warning, "A message through {Webhook} failed ({Detail}); retry {Retry} of {MaxRetries} after {Delay}")]
    public static partial void Retrying(ILogger logger, DiscordWebhookTarget webhook, string detail, int retry, int maxRetries, TimeSpan delay);

    [LoggerMessage(703, LogLevel.Warning, "Discord says {Webhook} is gone ({StatusCode}, code {ErrorCode}: {ErrorMessage}); its subscription should be retired")]
    public static partial void UnknownWebhook(ILogger logger, DiscordWebhookTarget webhook, int statusCode, int errorCode, string errorMessage);

    [LoggerMessage(704, LogLevel.Warning, "Discord refused a message through {Webhook} with {StatusCode} (code {ErrorCode}: {ErrorMessage})")]
    public static partial void Rejected(ILogger logger, DiscordWebhookTarget webhook, int statusCode, int errorCode, string errorMessage);

    [LoggerMessage(705, LogLevel.Warning, "Discord refused a message through {Webhook} at {ErrorPath}")]
    public static partial void RejectedPath(ILogger logger, DiscordWebhookTarget webhook, string errorPath);

    [LoggerMessage(706, LogLevel.Error, "Gave up on a message through {Webhook} after {Attempts} requests: {Detail}; the delivery is left for a later retry")]
    public static partial void GaveUp(ILogger logger, DiscordWebhookTarget webhook, int attempts, string detail);

    [LoggerMessage(710, LogLevel.Information, "Discord subscriber {SubscriberId} added: {Label}")]
    public static partial void Subscribed(ILogger logger, long subscriberId, string label);

    [LoggerMessage(711, LogLevel.Information, "Discord subscriber {SubscriberId} removed: {Label}")]
    public static partial void SubscriptionRemoved(ILogger logger, long subscriberId, string label);
}
