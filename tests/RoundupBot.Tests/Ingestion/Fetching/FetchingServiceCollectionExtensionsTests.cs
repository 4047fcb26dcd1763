using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RoundupBot.Ingestion.Fetching;

namespace RoundupBot.Tests.Ingestion.Fetching;

public sealed class FetchingServiceCollectionExtensionsTests
{
    [Fact]
    public void Registers_one_host_gate_for_the_whole_app()
    {
        using var provider = new ServiceCollection().AddLogging().AddFetching().BuildServiceProvider();

        Assert.Same(provider.GetRequiredService<HostGate>(), provider.GetRequiredService<HostGate>());
        Assert.NotNull(provider.GetRequiredService<FeedFetcher>());
    }

    [Fact]
    public void Keeps_the_time_provider_the_caller_registered()
    {
        var time = new FakeTimeProvider();
        using var provider = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(time).AddFetching().BuildServiceProvider();

        Assert.Same(time, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void Registers_the_system_clock_when_none_is_registered()
    {
        using var provider = new ServiceCollection().AddLogging().AddFetching().BuildServiceProvider();

        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
    }
}
