using RoundupBot.Model;

namespace RoundupBot.Publishing.Discord;

/// <summary>
/// PLACEHOLDER until branch discord-subs is merged: the same members as that branch's service, so the interactions
/// compile; every call throws. The merge replaces this file with the real service.
/// </summary>
public sealed class DiscordSubscriptions
{
    public Task<Subscriber> AddWebhookUrlAsync(string webhookUrl, CancellationToken cancellationToken) => throw new NotSupportedException(webhookUrl);
    public Task<Subscriber> AddWebhookAsync(DiscordWebhookInfo webhook, CancellationToken cancellationToken) => throw new NotSupportedException(webhook.Id);
    public Task<bool> RemoveChannelAsync(string channelId, CancellationToken cancellationToken) => throw new NotSupportedException(channelId);
    public Task<Subscriber?> FindByChannelAsync(string channelId, CancellationToken cancellationToken) => throw new NotSupportedException(channelId);
}
