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

    [LoggerMessage(712, LogLevel.Warning, "Resuming Discord delivery {DeliveryId} to {Subscriber} at part {Part} of {PartCount}; that part may already have reached Discord before the stop and may show twice")]
    public static partial void Resuming(ILogger logger, long deliveryId, string subscriber, int part, int partCount);

    [LoggerMessage(713, LogLevel.Warning, "Retired Discord subscriber {SubscriberId} ({Subscriber}): {Reason}")]
    public static partial void Retired(ILogger logger, long subscriberId, string subscriber, string reason);

    [LoggerMessage(714, LogLevel.Error, "Discord refused part {Part} of {PartCount} of delivery {DeliveryId} to {Subscriber}: {Detail}; the delivery failed")]
    public static partial void DeliveryRejected(ILogger logger, long deliveryId, string subscriber, int part, int partCount, string detail);

    [LoggerMessage(715, LogLevel.Warning, "Part {Part} of {PartCount} of delivery {DeliveryId} to {Subscriber} could not be posted (will retry: {WillRetry})")]
    public static partial void DeliveryDeferred(ILogger logger, long deliveryId, string subscriber, int part, int partCount, bool willRetry);

    [LoggerMessage(716, LogLevel.Information, "Posted issue #{Number} to Discord subscriber {SubscriberId} ({Subscriber}) in {PartCount} messages")]
    public static partial void Delivered(ILogger logger, int number, long subscriberId, string subscriber, int partCount);

    [LoggerMessage(717, LogLevel.Information, "Discord subscriber {SubscriberId} ({Subscriber}) is a forum channel: each issue opens a post")]
    public static partial void LearntForum(ILogger logger, long subscriberId, string subscriber);
}
