using Microsoft.Extensions.DependencyInjection;
using RoundupBot.Ingestion.Fetching;

namespace RoundupBot.Tests.Ingestion.Fetching;

/// <summary>
/// Builds <see cref="FeedFetcher"/> the way the app does (<c>AddFetching</c> plus configured options), with settings
/// that suit loopback tests: private addresses allowed, a short timeout and a short retry delay.
/// </summary>
internal sealed class FetcherHost : IDisposable
{
    private readonly ServiceProvider _provider;

    private FetcherHost(ServiceProvider provider) => _provider = provider;

    public FeedFetcher Fetcher => _provider.GetRequiredService<FeedFetcher>();

    public IServiceProvider Services => _provider;

    public static FetcherHost Create(Action<FetchOptions>? configure = null, Action<IServiceCollection>? before = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.Configure<FetchOptions>(options =>
        {
            options.AllowPrivateAddresses = true;
            options.Timeout = TimeSpan.FromSeconds(5);
            options.RetryDelay = TimeSpan.FromMilliseconds(20);
            configure?.Invoke(options);
        });
        before?.Invoke(services);
        services.AddFetching();
        return new FetcherHost(services.BuildServiceProvider(validateScopes: true));
    }

    public void Dispose() => _provider.Dispose();
}
