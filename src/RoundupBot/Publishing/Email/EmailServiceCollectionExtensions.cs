using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RoundupBot.Publishing.Outbox;
using RoundupBot.Web;

namespace RoundupBot.Publishing.Email;

/// <summary>Registers the email sender and the signed subscription links.</summary>
public static class EmailServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="EmailSender"/> (singleton; it opens one SMTP connection per batch). Needs
    /// <c>IOptions&lt;EmailOptions&gt;</c>, which <c>AddRoundupBot</c> binds and validates, and a <see cref="TimeProvider"/>
    /// (the system clock unless one is registered); and <see cref="SubscriptionTokens"/> (singleton), which needs
    /// <c>IOptions&lt;SecurityOptions&gt;</c>; <see cref="PendingConfirmations"/> and <see cref="SubscriptionService"/>
    /// (singletons; <c>AddRoundupWeb</c> adds the <see cref="ConfirmationSender"/> that empties the queue); and <see cref="EmailPublisher"/>, the outbox's email channel. Uses TryAdd, so tests can swap parts.
    /// </summary>
    public static IServiceCollection AddEmail(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<EmailOptions>();
        services.AddLogging();
        services.TryAddSingleton<EmailSender>();
        services.AddOptions<SecurityOptions>();
        services.TryAddSingleton<SubscriptionTokens>();
        services.TryAddSingleton<PendingConfirmations>();
        services.TryAddSingleton<SubscriptionService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDeliveryPublisher, EmailPublisher>());
        return services;
    }
}
