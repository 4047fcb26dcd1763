using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RoundupBot.Publishing.Discord;
using RoundupBot.Publishing.Email;
using RoundupBot.Publishing.Outbox;
using RoundupBot.Subscriptions;
using RoundupBot.Subscriptions.Discord;
using RoundupBot.Subscriptions.Email;

namespace RoundupBot.Tests.Subscriptions;

/// <summary>Publishing registers what sends; Subscriptions registers what receives, and AddRoundupBot composes both.</summary>
public sealed class SubscriptionsServiceCollectionExtensionsTests : IDisposable
{
    private static readonly Type[] Receiving = [typeof(PendingConfirmations), typeof(SubscriptionService), typeof(DiscordSubscriptions), typeof(DiscordApiClient)];

    private readonly string _dir = Directory.CreateTempSubdirectory("roundup-subscriptions-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Publishing_registers_the_senders_and_nothing_that_receives_subscriptions()
    {
        var services = new ServiceCollection().AddEmail().AddDiscord();

        Assert.Single(services, d => d.ServiceType == typeof(EmailSender));
        Assert.Single(services, d => d.ServiceType == typeof(DiscordWebhookClient));
        Assert.Equal(2, services.Count(d => d.ServiceType == typeof(IDeliveryPublisher)));
        Assert.All(Receiving, type => Assert.DoesNotContain(services, d => d.ServiceType == type));
    }

    [Fact]
    public void AddRoundupBot_adds_every_subscription_service_once_and_each_resolves()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Security:SigningKey"] = "a-test-signing-key-of-at-least-32-characters",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddRoundupBot(configuration, new DataDirectory(_dir)).AddSubscriptions();
        using var provider = services.BuildServiceProvider();

        Assert.All(Receiving.Append(typeof(SubscriptionTokens)), type => Assert.Single(services, d => d.ServiceType == type));
        Assert.All(Receiving, type => Assert.NotNull(provider.GetRequiredService(type)));
        Assert.Equal([nameof(DiscordPublisher), nameof(EmailPublisher)], provider.GetServices<IDeliveryPublisher>().Select(p => p.GetType().Name).Order(StringComparer.Ordinal));
    }
}
