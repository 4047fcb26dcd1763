using RoundupBot.Publishing.Discord;

namespace RoundupBot.Subscriptions.Discord;

/// <summary><c>/roundup subscribe</c> and <c>/roundup unsubscribe</c>: a webhook in the invoking channel, stored as a subscription.</summary>
public sealed partial class InteractionHandler
{
    /// <summary>
    /// How long creating the webhook may take. Discord wants the answer within 3 seconds; past this the member is told
    /// to try again and nothing is stored (a webhook Discord created anyway stays unused in the channel).
    /// </summary>
    internal static readonly TimeSpan SubscribeBudget = TimeSpan.FromSeconds(2.5);

    private const string ManageChannelPermissions = "Manage Webhooks or Manage Server";

    private async Task<InteractionReply> SubscribeAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        if (RequireGuild(interaction, RoundupCommands.Subscribe) is { } notInGuild)
        {
            return notInGuild;
        }

        if (RequirePermission(interaction, RoundupCommands.Subscribe, DiscordPermissions.ManageWebhooks | DiscordPermissions.ManageGuild, ManageChannelPermissions) is { } notPermitted)
        {
            return notPermitted;
        }

        if (string.IsNullOrWhiteSpace(discordOptions.Value.BotToken))
        {
            return Private("Subscribing from Discord is not set up on this RoundupBot (it needs Discord:BotToken). Use the Add to Discord button on its web page instead.");
        }

        // Discord says what the app may do in this channel: no point asking it to create a webhook it will refuse.
        if (interaction.AppPermissions is { } appPermissions && !DiscordPermissions.HasAny(appPermissions, DiscordPermissions.ManageWebhooks))
        {
            return Private("RoundupBot needs the Manage Webhooks permission in this channel to post the issues here. Give it that permission, then run `/roundup subscribe` again.");
        }

        var channelId = interaction.ChannelId!;
        if (await subscriptions.FindByChannelAsync(channelId, cancellationToken) is not null)
        {
            return Private($"<#{channelId}> is already subscribed: each new issue is posted here. `/roundup unsubscribe` stops it.");
        }

        DiscordWebhookInfo webhook;
        using (var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            budget.CancelAfter(SubscribeBudget);
            try
            {
                webhook = await api.CreateWebhookAsync(channelId, discordOptions.Value.Username ?? "RoundupBot", budget.Token);
            }
            catch (DiscordApiException ex)
            {
                Log.SubscribeFailed(logger, interaction.Id, channelId, ex.Message);
                return Private(ex.ErrorCode switch
                {
                    DiscordApiClient.MissingPermissions => "Discord did not let RoundupBot create a webhook here: it needs the Manage Webhooks permission in this channel. Nothing was subscribed.",
                    DiscordApiClient.MaxWebhooksReached => "This channel already has as many webhooks as Discord allows. Delete one in the channel's settings (Integrations), then run `/roundup subscribe` again.",
                    _ => "Discord did not create the webhook, so nothing was subscribed. Try again in a minute.",
                });
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Log.SubscribeFailed(logger, interaction.Id, channelId, "no answer within the budget");
                return Private("Discord took too long to create the webhook, so nothing was subscribed. Try again in a minute.");
            }
        }

        // Discord's answer names the channel and server; the interaction's own ids stand in if it ever does not.
        await subscriptions.AddWebhookAsync(webhook with { ChannelId = webhook.ChannelId ?? channelId, GuildId = webhook.GuildId ?? interaction.GuildId }, cancellationToken);
        Log.ChannelSubscribed(logger, channelId, interaction.GuildId!, webhook.Id);
        return Private($"Subscribed <#{channelId}>: each new issue will be posted here. `/roundup unsubscribe` stops it.");
    }

    private async Task<InteractionReply> UnsubscribeAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        if (RequireGuild(interaction, RoundupCommands.Unsubscribe) is { } notInGuild)
        {
            return notInGuild;
        }

        if (RequirePermission(interaction, RoundupCommands.Unsubscribe, DiscordPermissions.ManageWebhooks | DiscordPermissions.ManageGuild, ManageChannelPermissions) is { } notPermitted)
        {
            return notPermitted;
        }

        var channelId = interaction.ChannelId!;
        if (!await subscriptions.RemoveChannelAsync(channelId, cancellationToken))
        {
            return Private($"<#{channelId}> is not subscribed, so nothing changed.");
        }

        Log.ChannelUnsubscribed(logger, channelId);
        return Private($"Unsubscribed <#{channelId}>: no more issues will be posted here. `/roundup subscribe` brings them back.");
    }
}
