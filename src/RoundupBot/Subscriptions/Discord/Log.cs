using Microsoft.Extensions.Logging;

namespace RoundupBot.Subscriptions.Discord;

// Interaction tokens, webhook tokens, the bot token, OAuth codes and the client secret are credentials: none appears here.
internal static partial class Log
{
    [LoggerMessage(720, LogLevel.Debug, "Discord API: {What} answered {StatusCode}")]
    public static partial void ApiCalled(ILogger logger, string what, int statusCode);

    [LoggerMessage(721, LogLevel.Information, "Discord API: {What} was rate-limited; trying again after {RetryAfter}")]
    public static partial void ApiRateLimited(ILogger logger, string what, TimeSpan retryAfter);

    [LoggerMessage(722, LogLevel.Warning, "Discord API: {What} was refused with {StatusCode} (code {ErrorCode}: {Detail})")]
    public static partial void ApiRefused(ILogger logger, string what, int statusCode, int errorCode, string detail);

    [LoggerMessage(723, LogLevel.Warning, "Discord API: {What} was refused at {ErrorPath}")]
    public static partial void ApiRefusedPath(ILogger logger, string what, string errorPath);

    [LoggerMessage(731, LogLevel.Debug, "Interaction {InteractionId}: /{Command} {Subcommand} in guild {GuildId}, channel {ChannelId}")]
    public static partial void InteractionReceived(ILogger logger, string interactionId, string command, string subcommand, string guildId, string channelId);

    [LoggerMessage(732, LogLevel.Information, "Interaction {InteractionId}: {UserId} may not use /roundup {Subcommand} here")]
    public static partial void NotPermitted(ILogger logger, string interactionId, string userId, string subcommand);

    [LoggerMessage(733, LogLevel.Information, "Interaction {InteractionId}: {UserId} started a roundup from Discord")]
    public static partial void RoundupStarted(ILogger logger, string interactionId, string userId);

    [LoggerMessage(734, LogLevel.Error, "Interaction {InteractionId}: the roundup started from Discord failed")]
    public static partial void RoundupFailed(ILogger logger, string interactionId, Exception exception);

    [LoggerMessage(735, LogLevel.Warning, "Interaction {InteractionId}: could not tell Discord how the roundup went: {Detail}")]
    public static partial void FollowUpFailed(ILogger logger, string interactionId, string detail);

    [LoggerMessage(736, LogLevel.Information, "Channel {ChannelId} in guild {GuildId} subscribed through /roundup subscribe (webhook {WebhookId})")]
    public static partial void ChannelSubscribed(ILogger logger, string channelId, string guildId, string webhookId);

    [LoggerMessage(737, LogLevel.Information, "Channel {ChannelId} unsubscribed through /roundup unsubscribe")]
    public static partial void ChannelUnsubscribed(ILogger logger, string channelId);

    [LoggerMessage(738, LogLevel.Warning, "Interaction {InteractionId}: subscribing channel {ChannelId} failed: {Detail}")]
    public static partial void SubscribeFailed(ILogger logger, string interactionId, string channelId, string detail);

    [LoggerMessage(750, LogLevel.Information, "Refused a Discord OAuth2 callback: {Reason}")]
    public static partial void OAuthRefused(ILogger logger, string reason);

    [LoggerMessage(751, LogLevel.Information, "Channel {ChannelId} in guild {GuildId} subscribed through Add to Discord (webhook {WebhookId})")]
    public static partial void OAuthSubscribed(ILogger logger, string channelId, string guildId, string webhookId);

    [LoggerMessage(752, LogLevel.Warning, "A Discord OAuth2 code exchange failed: {Detail}")]
    public static partial void OAuthExchangeFailed(ILogger logger, string detail);

    [LoggerMessage(710, LogLevel.Information, "Discord subscriber {SubscriberId} added: {Label}")]
    public static partial void Subscribed(ILogger logger, long subscriberId, string label);

    [LoggerMessage(711, LogLevel.Information, "Discord subscriber {SubscriberId} removed: {Label}")]
    public static partial void SubscriptionRemoved(ILogger logger, long subscriberId, string label);
}
