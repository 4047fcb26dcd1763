using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RoundupBot.Publishing.Discord.Interactions;

/// <summary>Registers the application's Discord API client, and what <c>roundup serve</c> needs to answer interactions.</summary>
public static class DiscordInteractionsServiceCollectionExtensions
{
    /// <summary>The name of <see cref="DiscordApiClient"/>'s <see cref="HttpClient"/> in the factory.</summary>
    public const string HttpClientName = "discord-api";

    /// <summary>
    /// Adds <see cref="DiscordApiClient"/> as a typed HTTP client without a resilience handler (it retries 429s itself;
    /// nothing else it sends may be sent twice) and without the factory's request logging (URLs carry interaction
    /// tokens). The command line needs only this, for <c>discord register-commands</c>. Calling it twice adds nothing.
    /// </summary>
    public static IServiceCollection AddDiscordApi(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(DiscordApiClient)))
        {
            return services;
        }

        services.AddOptions<DiscordOptions>();
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddTypedClient((http, sp) => new DiscordApiClient(
                http,
                sp.GetRequiredService<IOptions<DiscordOptions>>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<DiscordApiClient>>()))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            .RemoveAllLoggers();
        return services;
    }

    /// <summary>
    /// Adds the interaction verifier and handler and the "Add to Discord" flow, for <c>roundup serve</c>: the handler
    /// runs roundups in the background, which needs the host's lifetime.
    /// </summary>
    public static IServiceCollection AddDiscordInteractions(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddDiscordApi();
        services.TryAddSingleton<InteractionVerifier>();
        services.TryAddSingleton<RoundupOwners>();
        services.TryAddTransient<InteractionHandler>();
        services.TryAddSingleton<DiscordOAuthState>();
        services.TryAddTransient<AddToDiscordFlow>();
        return services;
    }
}
