using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using RoundupBot.Publishing.Outbox;
using RoundupBot.Subscriptions.Email;
using RoundupBot.Web;

namespace RoundupBot.Publishing.Email;

/// <summary>Registers what sends email: the SMTP sender and the outbox's email channel.</summary>
public static class EmailServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="EmailSender"/> (singleton; it opens one SMTP connection per batch) and <see cref="EmailPublisher"/>,
    /// the outbox's email channel. Needs <c>IOptions&lt;EmailOptions&gt;</c>, which <c>AddRoundupBot</c> binds and
    /// validates, and a <see cref="TimeProvider"/> (the system clock unless one is registered). The publisher signs each
    /// issue's unsubscribe link, so this adds <see cref="SubscriptionTokens"/> (needs <c>IOptions&lt;SecurityOptions&gt;</c>)
    /// as well; the rest of the subscription services are <c>AddSubscriptions</c>'. Uses TryAdd, so tests can swap parts.
    /// </summary>
    public static IServiceCollection AddEmail(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<EmailOptions>();
        services.AddLogging();
        services.TryAddSingleton<EmailSender>();
        services.AddOptions<SecurityOptions>();
        services.TryAddSingleton<SubscriptionTokens>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDeliveryPublisher, EmailPublisher>());
        return services;
    }
}
