using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RoundupBot.Subscriptions.Discord;
using RoundupBot.Subscriptions.Email;
using RoundupBot.Web;

namespace RoundupBot.Subscriptions;

/// <summary>Registers what receives subscriptions: email sign-ups and Discord channels. Publishing registers what sends.</summary>
public static class SubscriptionsServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="SubscriptionTokens"/>, <see cref="PendingConfirmations"/> and <see cref="SubscriptionService"/>
    /// (email's double opt-in; <c>AddRoundupWeb</c> adds the <see cref="ConfirmationSender"/> that empties the queue),
    /// <see cref="DiscordSubscriptions"/>, and the application's Discord API client (<c>AddDiscordApi</c>), all
    /// singletons. Needs an <c>IRoundupStore</c>, <c>IOptions&lt;SecurityOptions&gt;</c> and <c>IOptions&lt;EmailOptions&gt;</c>
    /// (which <c>AddRoundupBot</c> binds and validates), and the <c>DiscordWebhookClient</c> that <c>AddDiscord</c> adds,
    /// through which a pasted webhook is looked up. Uses TryAdd, so tests can swap parts and calling it twice adds nothing.
    /// </summary>
    public static IServiceCollection AddSubscriptions(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();
        services.AddOptions<SecurityOptions>();
        services.TryAddSingleton<SubscriptionTokens>();
        services.TryAddSingleton<PendingConfirmations>();
        services.TryAddSingleton<SubscriptionService>();
        services.TryAddSingleton<DiscordSubscriptions>();
        services.AddDiscordApi();
        return services;
    }
}
