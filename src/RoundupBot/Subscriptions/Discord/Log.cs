using Microsoft.Extensions.Logging;

namespace RoundupBot.Subscriptions.Discord;

// Interaction tokens, webhook tokens, the bot token, OAuth codes and the client secret are credentials: none appears here.
internal static partial class Log
{
    [LoggerMessage(EventId = 5220, Level = LogLevel.Debug, Message = "Discord API: {What} answered {StatusCode}")]
    public static partial void ApiCalled(ILogger logger, string what, int statusCode);

    [LoggerMessage(EventId = 5221, Level = LogLevel.Information, Message = "Discord API: {What} was rate-limited; trying again after {RetryAfter}")]
    public static partial void ApiRateLimited(ILogger logger, string what, TimeSpan retryAfter);

    [LoggerMessage(EventId = 5222, Level = LogLevel.Warning, Message = "Discord API: {What} was refused with {StatusCode} (code {ErrorCode}: {Detail})")]
    public static partial void ApiRefused(ILogger logger, string what, int statusCode, int errorCode, string detail);

    [LoggerMessage(EventId = 5223, Level = LogLevel.Warning, Message = "Discord API: {What} was refused at {ErrorPath}")]
    public static partial void ApiRefusedPath(ILogger logger, string what, string errorPath);

    [LoggerMessage(EventId = 5231, Level = LogLevel.Debug, Message = "Interaction {InteractionId}: /{Command} {Subcommand} in guild {GuildId}, channel {ChannelId}")]
    public static partial void InteractionReceived(ILogger logger, string interactionId, string command, string subcommand, string guildId, string channelId);

    [LoggerMessage(EventId = 5232, Level = LogLevel.Information, Message = "Interaction {InteractionId}: {UserId} may not use /roundup {Subcommand} here")]
    public static partial void NotPermitted(ILogger logger, string interactionId, string userId, string subcommand);

    [LoggerMessage(EventId = 5233, Level = LogLevel.Information, Message = "Interaction {InteractionId}: {UserId} started a roundup from Discord")]
    public static partial void RoundupStarted(ILogger logger, string interactionId, string userId);

    [LoggerMessage(EventId = 5234, Level = LogLevel.Error, Message = "Interaction {InteractionId}: the roundup started from Discord failed")]
    public static partial void RoundupFailed(ILogger logger, string interactionId, Exception exception);

    [LoggerMessage(EventId = 5235, Level = LogLevel.Warning, Message = "Interaction {InteractionId}: could not tell Discord how the roundup went: {Detail}")]
    public static partial void FollowUpFailed(ILogger logger, string interactionId, string detail);

    [LoggerMessage(EventId = 5236, Level = LogLevel.Information, Message = "Channel {ChannelId} in guild {GuildId} subscribed through /roundup subscribe (webhook {WebhookId})")]
    public static partial void ChannelSubscribed(ILogger logger, string channelId, string guildId, string webhookId);

    [LoggerMessage(EventId = 5237, Level = LogLevel.Information, Message = "Channel {ChannelId} unsubscribed through /roundup unsubscribe")]
    public static partial void ChannelUnsubscribed(ILogger logger, string channelId);

    [LoggerMessage(EventId = 5238, Level = LogLevel.Warning, Message = "Interaction {InteractionId}: subscribing channel {ChannelId} failed: {Detail}")]
    public static partial void SubscribeFailed(ILogger logger, string interactionId, string channelId, string detail);

    [LoggerMessage(EventId = 5250, Level = LogLevel.Information, Message = "Refused a Discord OAuth2 callback: {Reason}")]
    public static partial void OAuthRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 5251, Level = LogLevel.Information, Message = "Channel {ChannelId} in guild {GuildId} subscribed through Add to Discord (webhook {WebhookId})")]
    public static partial void OAuthSubscribed(ILogger logger, string channelId, string guildId, string webhookId);

    [LoggerMessage(EventId = 5252, Level = LogLevel.Warning, Message = "A Discord OAuth2 code exchange failed: {Detail}")]
    public static partial void OAuthExchangeFailed(ILogger logger, string detail);

    [LoggerMessage(EventId = 5210, Level = LogLevel.Information, Message = "Discord subscriber {SubscriberId} added: {Label}")]
    public static partial void Subscribed(ILogger logger, long subscriberId, string label);

    [LoggerMessage(EventId = 5211, Level = LogLevel.Information, Message = "Discord subscriber {SubscriberId} removed: {Label}")]
    public static partial void SubscriptionRemoved(ILogger logger, long subscriberId, string label);
}
