using System.Globalization;
using Microsoft.Extensions.Logging;
using RoundupBot.Model;
using RoundupBot.Pipeline;
using RoundupBot.Publishing.Discord;
using RoundupBot.Storage;

namespace RoundupBot.Subscriptions.Discord;

/// <summary>
/// Subscribes Discord channels: every way in (a pasted webhook URL, the OAuth2 "Add to Discord" button, the
/// <c>/roundup subscribe</c> command) ends here, as one <see cref="Subscriber"/> of channel
/// <see cref="DeliveryChannel.Discord"/>, confirmed, with its webhook stored beside it. The webhook's token is a
/// secret: nothing here logs it, shows it or puts it in an exception message.
/// </summary>
public sealed class DiscordSubscriptions(IRoundupStore store, DiscordWebhookClient client, TimeProvider timeProvider, ILogger<DiscordSubscriptions> logger)
{
    /// <summary>
    /// Subscribes the channel of a webhook URL as Discord shows it (<c>https://discord.com/api/webhooks/ID/TOKEN</c>,
    /// or the canary., ptb. and discordapp.com forms, optionally with <c>?thread_id=</c>), after asking Discord
    /// (<c>GET {Discord:ApiBaseUrl}/webhooks/{id}/{token}</c>) that it exists and where it posts. Adding a webhook that
    /// is already subscribed returns that subscriber unchanged.
    /// </summary>
    /// <exception cref="InvalidInputException">
    /// Not a Discord webhook URL (another host, http, no token, an extra path or query, too long), or Discord says the
    /// webhook does not exist (deleted, or a wrong token). Nothing is stored.
    /// </exception>
    /// <exception cref="DiscordApiException">Discord could not be asked (unreachable, 5xx, timeout). Nothing is stored.</exception>
    public async Task<Subscriber> AddWebhookUrlAsync(string webhookUrl, CancellationToken cancellationToken)
    {
        var target = DiscordWebhookUrl.Parse(webhookUrl);
        var lookup = await client.GetWebhookAsync(target, cancellationToken);
        if (lookup.Unknown)
        {
            throw new InvalidInputException($"Discord says {target} does not exist (deleted?) or its token is wrong: {lookup.Detail}. Copy the webhook URL again from the channel's Integrations > Webhooks.");
        }

        if (lookup.Webhook is not { } webhook)
        {
            throw new DiscordApiException($"Could not check {target} with Discord: {lookup.Detail}. Nothing was stored; try again later.")
            {
                HttpStatusCode = lookup.HttpStatusCode,
            };
        }

        return await AddAsync(webhook, cancellationToken);
    }

    /// <summary>
    /// Subscribes a webhook RoundupBot already holds (from the OAuth2 token response, or created by the bot), without
    /// asking Discord again. Adding one already subscribed returns it unchanged; one retired earlier comes back.
    /// </summary>
    /// <exception cref="ArgumentException">The id is not a Discord id, or the token is empty or not a webhook token.</exception>
    public Task<Subscriber> AddWebhookAsync(DiscordWebhookInfo webhook, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        if (!DiscordWebhookUrl.IsSnowflake(webhook.Id ?? ""))
        {
            throw new ArgumentException($"The webhook id must be a Discord id of 17 to 20 digits; got '{webhook.Id}'.", nameof(webhook));
        }

        if (string.IsNullOrEmpty(webhook.Token) || !webhook.Token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new ArgumentException($"The token of {webhook} must be a non-empty Discord webhook token.", nameof(webhook));
        }

        if (webhook.ThreadId is { } thread && !DiscordWebhookUrl.IsSnowflake(thread))
        {
            throw new ArgumentException($"The thread id of {webhook} must be a Discord id; got '{thread}'.", nameof(webhook));
        }

        return AddAsync(webhook, cancellationToken);
    }

    /// <summary>
    /// Removes every subscription that posts to channel <paramref name="channelId"/> (or to the thread with that id),
    /// active or retired, with its stored webhook: a token is not kept after the channel leaves. Issues already queued
    /// for it are skipped. Returns false when there was none.
    /// </summary>
    public async Task<bool> RemoveChannelAsync(string channelId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channelId);
        var removed = false;
        foreach (var subscriber in await store.FindDiscordSubscribersByChannelAsync(channelId, cancellationToken))
        {
            if (await store.RemoveSubscriberAsync(subscriber.Id, cancellationToken))
            {
                Log.SubscriptionRemoved(logger, subscriber.Id, subscriber.Address);
                removed = true;
            }
        }

        return removed;
    }

    /// <summary>
    /// The subscription of channel <paramref name="channelId"/> (or of the thread with that id): the active one if
    /// any, else the newest retired one (its <see cref="Subscriber.LastError"/> says why), else null.
    /// </summary>
    public async Task<Subscriber?> FindByChannelAsync(string channelId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channelId);
        var found = await store.FindDiscordSubscribersByChannelAsync(channelId, cancellationToken);
        return found.Count > 0 ? found[0] : null;
    }

    /// <summary>"#123 in guild 456 (webhook 789, "Roundup")": names the channel for people; never the token.</summary>
    internal static string Label(DiscordWebhookInfo webhook)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        var where = webhook.ChannelId is { } channel ? "#" + channel : "an unknown channel";
        if (webhook.ThreadId is { } thread)
        {
            where = $"thread {thread} of {where}";
        }

        var guild = webhook.GuildId is { } g ? " in guild " + g : "";
        var name = string.IsNullOrWhiteSpace(webhook.Name) ? "" : $", \"{Shorten(webhook.Name)}\"";
        return string.Create(CultureInfo.InvariantCulture, $"{where}{guild} (webhook {webhook.Id}{name})");
    }

    private async Task<Subscriber> AddAsync(DiscordWebhookInfo webhook, CancellationToken cancellationToken)
    {
        var stored = new DiscordWebhook
        {
            WebhookId = webhook.Id,
            Token = webhook.Token,
            ChannelId = webhook.ChannelId,
            GuildId = webhook.GuildId,
            ThreadId = webhook.ThreadId,
            IsForum = webhook.IsForum,
            Name = webhook.Name,
        };
        var (subscriber, changed) = await store.AddDiscordWebhookAsync(stored, Label(webhook), timeProvider.GetUtcNow(), cancellationToken);
        if (changed)
        {
            Log.Subscribed(logger, subscriber.Id, subscriber.Address);
        }

        return subscriber;
    }

    /// <summary>One line of at most 80 characters: a webhook's name is Discord's (1–80), but a label must stay a label.</summary>
    private static string Shorten(string name)
    {
        var line = string.Concat(name.Select(c => char.IsControl(c) ? ' ' : c)).Trim();
        return line.Length <= 80 ? line : line[..79] + "…";
    }
}
