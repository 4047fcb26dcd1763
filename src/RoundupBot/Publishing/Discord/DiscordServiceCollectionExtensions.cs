using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RoundupBot.Publishing.Outbox;

namespace RoundupBot.Publishing.Discord;

/// <summary>Registers what sends to Discord: the webhook client and the outbox's Discord channel.</summary>
public static class DiscordServiceCollectionExtensions
{
    /// <summary>The name of the client's <see cref="HttpClient"/> in the factory (and of its telemetry).</summary>
    public const string HttpClientName = "discord";

    /// <summary>
    /// Adds <see cref="DiscordWebhookClient"/> as a typed HTTP client, its rate-limit state as a singleton (shared by
    /// every instance: the limits are Discord's, not one client's) and <see cref="TimeProvider.System"/> unless a
    /// <see cref="TimeProvider"/> is registered. Needs <c>IOptions&lt;DiscordOptions&gt;</c>, which <c>AddRoundupBot</c>
    /// binds and validates; unbound options keep their defaults. Also adds <see cref="DiscordPublisher"/>, the outbox's
    /// Discord channel (needs an <c>IRoundupStore</c> and <c>IOptions&lt;RoundupOptions&gt;</c> too). Calling it twice
    /// registers nothing more.
    /// </summary>
    /// <remarks>
    /// The client has no resilience handler: 429s, retries and rate limits must share one view of Discord's buckets,
    /// so <see cref="DiscordWebhookClient"/> does them itself. The factory's request logging is removed because the
    /// request URL carries the webhook token. <see cref="HttpClient.Timeout"/> is infinite: each attempt is bounded by
    /// <see cref="DiscordOptions.Timeout"/> instead, so a retry gets its own time.
    /// </remarks>
    public static IServiceCollection AddDiscord(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(DiscordWebhookClient)))
        {
            return services;
        }

        services.AddOptions<DiscordOptions>();
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new DiscordRateLimiter(sp.GetRequiredService<IOptions<DiscordOptions>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddHttpClient(HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddTypedClient((http, sp) => new DiscordWebhookClient(
                http,
                sp.GetRequiredService<DiscordRateLimiter>(),
                sp.GetRequiredService<IOptions<DiscordOptions>>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<DiscordWebhookClient>>()))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                // Many webhooks at once go to one host: let the requests run in parallel, not queue behind each other.
                MaxConnectionsPerServer = 64,
            })
            .RemoveAllLoggers();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDeliveryPublisher, DiscordPublisher>());
        return services;
    }
}
