using Microsoft.Extensions.Logging;

namespace RoundupBot.Publishing.Discord;

// A webhook appears only as webhooks/ID/*** (DiscordWebhookTarget.ToString): its token is a secret, and logs get shared.
internal static partial class Log
{
    [LoggerMessage(EventId = 4200, Level = LogLevel.Debug, Message = "Posted message {MessageId} through {Webhook} into channel {ChannelId}")]
    public static partial void Posted(ILogger logger, DiscordWebhookTarget webhook, string messageId, string channelId);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "Discord rate-limited {Webhook} (global: {Global}, scope: {Scope}); sending again after {RetryAfter}")]
    public static partial void RateLimited(ILogger logger, DiscordWebhookTarget webhook, bool global, string scope, TimeSpan retryAfter);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Warning, Message = "A message through {Webhook} failed ({Detail}); retry {Retry} of {MaxRetries} after {Delay}")]
    public static partial void Retrying(ILogger logger, DiscordWebhookTarget webhook, string detail, int retry, int maxRetries, TimeSpan delay);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Warning, Message = "Discord says {Webhook} is gone ({StatusCode}, code {ErrorCode}: {ErrorMessage}); its subscription should be retired")]
    public static partial void UnknownWebhook(ILogger logger, DiscordWebhookTarget webhook, int statusCode, int errorCode, string errorMessage);

    [LoggerMessage(EventId = 4204, Level = LogLevel.Warning, Message = "Discord refused a message through {Webhook} with {StatusCode} (code {ErrorCode}: {ErrorMessage})")]
    public static partial void Rejected(ILogger logger, DiscordWebhookTarget webhook, int statusCode, int errorCode, string errorMessage);

    [LoggerMessage(EventId = 4205, Level = LogLevel.Warning, Message = "Discord refused a message through {Webhook} at {ErrorPath}")]
    public static partial void RejectedPath(ILogger logger, DiscordWebhookTarget webhook, string errorPath);

    [LoggerMessage(EventId = 4206, Level = LogLevel.Error, Message = "Gave up on a message through {Webhook} after {Attempts} requests: {Detail}; the delivery is left for a later retry")]
    public static partial void GaveUp(ILogger logger, DiscordWebhookTarget webhook, int attempts, string detail);

    [LoggerMessage(EventId = 4212, Level = LogLevel.Warning, Message = "Resuming Discord delivery {DeliveryId} to {Subscriber} at part {Part} of {PartCount}; that part may already have reached Discord before the stop and may show twice")]
    public static partial void Resuming(ILogger logger, long deliveryId, string subscriber, int part, int partCount);

    [LoggerMessage(EventId = 4213, Level = LogLevel.Warning, Message = "Retired Discord subscriber {SubscriberId} ({Subscriber}): {Reason}")]
    public static partial void Retired(ILogger logger, long subscriberId, string subscriber, string reason);

    [LoggerMessage(EventId = 4214, Level = LogLevel.Error, Message = "Discord refused part {Part} of {PartCount} of delivery {DeliveryId} to {Subscriber}: {Detail}; the delivery failed")]
    public static partial void DeliveryRejected(ILogger logger, long deliveryId, string subscriber, int part, int partCount, string detail);

    [LoggerMessage(EventId = 4215, Level = LogLevel.Warning, Message = "Part {Part} of {PartCount} of delivery {DeliveryId} to {Subscriber} could not be posted (will retry: {WillRetry})")]
    public static partial void DeliveryDeferred(ILogger logger, long deliveryId, string subscriber, int part, int partCount, bool willRetry);

    [LoggerMessage(EventId = 4216, Level = LogLevel.Information, Message = "Posted issue #{Number} to Discord subscriber {SubscriberId} ({Subscriber}) in {PartCount} messages")]
    public static partial void Delivered(ILogger logger, int number, long subscriberId, string subscriber, int partCount);

    [LoggerMessage(EventId = 4217, Level = LogLevel.Information, Message = "Discord subscriber {SubscriberId} ({Subscriber}) is a forum channel: each issue opens a post")]
    public static partial void LearntForum(ILogger logger, long subscriberId, string subscriber);
}
