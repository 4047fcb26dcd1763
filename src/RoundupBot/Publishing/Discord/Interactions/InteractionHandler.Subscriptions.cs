namespace RoundupBot.Publishing.Discord.Interactions;

/// <summary><c>/roundup subscribe</c> and <c>/roundup unsubscribe</c>: a webhook in the invoking channel, stored as a subscription.</summary>
public sealed partial class InteractionHandler
{
    private static Task<InteractionReply> SubscribeAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        _ = cancellationToken;
        return Task.FromResult(RequireGuild(interaction, RoundupCommands.Subscribe) ?? Private("Subscribing from Discord arrives with the Discord subscriptions."));
    }

    private static Task<InteractionReply> UnsubscribeAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        _ = cancellationToken;
        return Task.FromResult(RequireGuild(interaction, RoundupCommands.Unsubscribe) ?? Private("Unsubscribing from Discord arrives with the Discord subscriptions."));
    }
}
