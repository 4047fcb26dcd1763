using System.Net;
using System.Net.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace RoundupBot.Ingestion.Fetching;

/// <summary>Registers the fetch stage.</summary>
public static class FetchingServiceCollectionExtensions
{
    /// <summary>The name of the fetch client's resilience pipeline (and of its telemetry).</summary>
    public const string ResiliencePipelineName = "fetch";

    /// <summary>
    /// Registers <see cref="FeedFetcher"/> as a typed HTTP client, <see cref="HostGate"/> as a singleton and
    /// <see cref="TimeProvider.System"/> unless a <see cref="TimeProvider"/> is already registered. The caller binds
    /// <see cref="FetchOptions"/>; unbound options keep their defaults. Options are read when a handler is built
    /// (every couple of minutes) and on every fetch.
    /// </summary>
    /// <remarks>
    /// The client's primary handler is a <see cref="SocketsHttpHandler"/> with automatic decompression, no automatic
    /// redirects (<see cref="FeedFetcher"/> follows them itself, up to <see cref="FetchOptions.MaxRedirects"/>) and
    /// the private-address guard as its connect callback, and never a proxy (the guard must see the target). It has exactly one resilience handler: one retry after
    /// <see cref="FetchOptions.RetryDelay"/> for connection failures and 502/503/504. Calling this twice registers
    /// nothing more, so the handler is never stacked.
    /// </remarks>
    public static IServiceCollection AddFetching(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(FeedFetcher)))
        {
            return services;
        }

        services.AddOptions<FetchOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<HostGate>();
        services.TryAddSingleton<GuardedConnector>();

        services.AddHttpClient<FeedFetcher>(client =>
            {
                // FeedFetcher bounds the whole fetch, body included, with Fetch:Timeout.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(serviceProvider =>
            {
                var connector = serviceProvider.GetRequiredService<GuardedConnector>();
                return new SocketsHttpHandler
                {
                    AutomaticDecompression = DecompressionMethods.All,
                    AllowAutoRedirect = false,
                    UseCookies = false,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                    PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
                    ConnectCallback = connector.ConnectAsync,
                    // No proxy, whatever http_proxy/https_proxy say: through a proxy the connect callback would judge
                    // the proxy's address, and the proxy would be asked for any URL a source names (169.254.169.254
                    // included). Direct connections keep the guard on the address actually reached.
                    UseProxy = false,
                };
            })
            // The factory's request logging may only ever show header names, never values (validators, cookies).
            .RedactLoggedHeaders(static _ => true)
            .AddResilienceHandler(ResiliencePipelineName, static (builder, context) =>
            {
                var fetchOptions = context.ServiceProvider.GetRequiredService<IOptions<FetchOptions>>().Value;
                builder.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = 1,
                    Delay = fetchOptions.RetryDelay,
                    BackoffType = DelayBackoffType.Constant,
                    UseJitter = false,
                    // A Retry-After could exceed the fetch's budget; the source's own backoff honours it instead.
                    ShouldRetryAfterHeader = false,
                    ShouldHandle = static args => ValueTask.FromResult(args.Outcome switch
                    {
                        // The guard's refusal arrives as an HttpRequestException too, and retrying it is pointless.
                        { Exception: HttpRequestException ex } => !IsGuardRefusal(ex),
                        { Result.StatusCode: HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout } => true,
                        _ => false,
                    }),
                });
            });

        return services;
    }

    private static bool IsGuardRefusal(Exception exception)
    {
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is FetchException)
            {
                return true;
            }
        }

        return false;
    }
}
