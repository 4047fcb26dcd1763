using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RoundupBot.Model;
using RoundupBot.Pipeline;
using RoundupBot.Publishing.Discord;
using RoundupBot.Storage.Sqlite;
using RoundupBot.Storage;
using RoundupBot.Subscriptions;
using RoundupBot.Subscriptions.Discord;
using RoundupBot.Tests.Storage;
using RoundupBot.Tests.TestSupport;

namespace RoundupBot.Tests.Subscriptions.Discord;

/// <summary>Subscribing Discord channels against the fake Discord and a real SQLite store.</summary>
public sealed class DiscordSubscriptionsTests : IAsyncLifetime
{
    private readonly TempDatabase _database = new();
    private readonly ListLoggerProvider _logs = new();
    private FakeDiscord _fake = null!;
    private SqliteStore _store = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeDiscord.StartAsync();
        _store = await _database.OpenMigratedAsync();
        var services = new ServiceCollection();
        services.AddLogging(b => b.ClearProviders().AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
        services.AddSingleton<IRoundupStore>(_store);
        // The real clock: the client waits (retries, timeouts) on it.
        services.AddSingleton(TimeProvider.System);
        services.AddDiscord().AddSubscriptions();
        services.Configure<DiscordOptions>(o =>
        {
            o.ApiBaseUrl = _fake.ApiBaseUrl;
            o.RetryDelay = TimeSpan.FromMilliseconds(20);
        });
        _services = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _store.DisposeAsync();
        await _fake.DisposeAsync();
        await _database.DisposeAsync();
    }

    private DiscordSubscriptions Subscriptions => _services.GetRequiredService<DiscordSubscriptions>();

    [Theory]
    [InlineData("https://discord.com/api/webhooks/{id}/{token}")]
    [InlineData("https://canary.discord.com/api/webhooks/{id}/{token}")]
    [InlineData("https://ptb.discord.com/api/webhooks/{id}/{token}")]
    [InlineData("https://discordapp.com/api/webhooks/{id}/{token}")]
    [InlineData("https://DISCORD.com/api/v10/webhooks/{id}/{token}")]
    [InlineData("  https://discord.com/api/webhooks/{id}/{token}\n")]
    public async Task A_webhook_url_is_checked_with_Discord_and_stored_with_its_channel_and_guild(string form)
    {
        var webhook = _fake.AddWebhook();

        var subscriber = await Subscriptions.AddWebhookUrlAsync(Url(form, webhook), CancellationToken.None);

        Assert.Equal(DeliveryChannel.Discord, subscriber.Channel);
        Assert.Equal(SubscriberStatus.Confirmed, subscriber.Status);
        Assert.Equal($"#{webhook.ChannelId} in guild 1100000000000000001 (webhook {webhook.Id}, \"Roundup\")", subscriber.Address);
        var stored = await _store.GetDiscordWebhookAsync(subscriber.Id, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal(webhook.Id, stored.WebhookId);
        Assert.Equal(webhook.Token, stored.Token);
        Assert.Equal(webhook.ChannelId, stored.ChannelId);
        Assert.Equal("1100000000000000001", stored.GuildId);
        Assert.Null(stored.ThreadId);
        Assert.Contains(_fake.Requests, r => r.Method == "GET" && r.WebhookId == webhook.Id && r.StatusCode == 200);
        Assert.DoesNotContain(webhook.Token, stored.ToString(), StringComparison.Ordinal);
        Assert.All(_logs.Entries, e => Assert.DoesNotContain(webhook.Token, e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_thread_url_posts_into_that_thread_and_is_found_by_it()
    {
        var webhook = _fake.AddWebhook();

        var subscriber = await Subscriptions.AddWebhookUrlAsync(Url("https://discord.com/api/webhooks/{id}/{token}?thread_id=1300000000000000001", webhook), CancellationToken.None);

        var stored = await _store.GetDiscordWebhookAsync(subscriber.Id, CancellationToken.None);
        Assert.Equal("1300000000000000001", stored!.ThreadId);
        Assert.StartsWith($"thread 1300000000000000001 of #{webhook.ChannelId}", subscriber.Address, StringComparison.Ordinal);
        Assert.Equal(subscriber.Id, (await Subscriptions.FindByChannelAsync("1300000000000000001", CancellationToken.None))?.Id);
        Assert.Equal(subscriber.Id, (await Subscriptions.FindByChannelAsync(webhook.ChannelId, CancellationToken.None))?.Id);
    }

    [Fact]
    public async Task Adding_the_same_webhook_twice_returns_the_existing_subscriber()
    {
        var webhook = _fake.AddWebhook();

        var first = await Subscriptions.AddWebhookUrlAsync(Url("https://discord.com/api/webhooks/{id}/{token}", webhook), CancellationToken.None);
        var second = await Subscriptions.AddWebhookUrlAsync(Url("https://discordapp.com/api/webhooks/{id}/{token}", webhook), CancellationToken.None);
        var third = await Subscriptions.AddWebhookAsync(new DiscordWebhookInfo(webhook.Id, webhook.Token, webhook.ChannelId, null, null), CancellationToken.None);

        Assert.Equal(first, second);
        Assert.Equal(first, third);
        Assert.Single(await _store.ListSubscribersAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_webhook_we_hold_is_stored_without_asking_Discord_and_removed_with_its_channel()
    {
        var info = new DiscordWebhookInfo("1234567890123456789", "oauth-token_ABC", "1000000000000000042", "1000000000000000007", "Roundup") { IsForum = true };

        var subscriber = await Subscriptions.AddWebhookAsync(info, CancellationToken.None);
        var found = await Subscriptions.FindByChannelAsync("1000000000000000042", CancellationToken.None);
        var removed = await Subscriptions.RemoveChannelAsync("1000000000000000042", CancellationToken.None);
        var removedAgain = await Subscriptions.RemoveChannelAsync("1000000000000000042", CancellationToken.None);

        Assert.Empty(_fake.Requests);
        Assert.Equal(subscriber, found);
        Assert.True(removed);
        Assert.False(removedAgain);
        Assert.Null(await Subscriptions.FindByChannelAsync("1000000000000000042", CancellationToken.None));
        Assert.Null(await _store.GetDiscordWebhookAsync(subscriber.Id, CancellationToken.None));
        Assert.Empty(await _store.ListSubscribersAsync(CancellationToken.None));
        Assert.DoesNotContain("oauth-token_ABC", info.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_webhook_we_hold_with_a_malformed_id_or_token_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Subscriptions.AddWebhookAsync(new DiscordWebhookInfo("12ab", "token", null, null, null), CancellationToken.None));
        var bad = await Assert.ThrowsAsync<ArgumentException>(() => Subscriptions.AddWebhookAsync(new DiscordWebhookInfo("1234567890123456789", "se cret/", null, null, null), CancellationToken.None));

        Assert.DoesNotContain("se cret/", bad.Message, StringComparison.Ordinal);
        Assert.Empty(await _store.ListSubscribersAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("http://discord.com/api/webhooks/{id}/{token}", "must use https")]
    [InlineData("https://discord.example.org/api/webhooks/{id}/{token}", "host is 'discord.example.org'")]
    [InlineData("https://discord.com.evil.example/api/webhooks/{id}/{token}", "host is 'discord.com.evil.example'")]
    [InlineData("https://discord.com:8443/api/webhooks/{id}/{token}", "host is not plain")]
    [InlineData("https://user@discord.com/api/webhooks/{id}/{token}", "host is not plain")]
    [InlineData("https://discord.com/api/webhooks/{id}", "no token")]
    [InlineData("https://discord.com/api/webhooks/{id}/", "no token")]
    [InlineData("https://discord.com/api/webhooks/", "no webhook id")]
    [InlineData("https://discord.com/api/webhooks/12345/{token}", "17 to 20 digits")]
    [InlineData("https://discord.com/api/webhooks/{id}/{token}/slack", "goes on after")]
    [InlineData("https://discord.com/api/webhooks/{id}/{token}/../other", "'.' segments")]
    [InlineData("https://discord.com/api/channels/{id}/{token}", "/api/webhooks/")]
    [InlineData("https://discord.com/api/webhooks/{id}/{token}?thread_id=1300000000000000001&wait=false&x=1", "other than thread_id")]
    [InlineData("https://discord.com/api/webhooks/{id}/{token}?thread_id=13%26wait%3Dfalse", "thread_id")]
    [InlineData("https://discord.com/api/webhooks/{id}/{token}?thread_id=1&thread_id=2", "thread_id")]
    [InlineData("https://discord.com/api/webhooks/{id}/{token}#frag", "fragment")]
    [InlineData("https://discord.com/api/webhooks/{id}/{token}%0d%0aX-Injected:1", "not a Discord webhook token")]
    [InlineData("https://discord.com/api/webhooks/{id}/{token} extra", "spaces")]
    [InlineData("discord.com/api/webhooks/{id}/{token}", "not a URL")]
    [InlineData("", "empty")]
    public async Task A_malformed_webhook_url_is_refused_without_echoing_the_token_and_nothing_is_stored(string form, string problem)
    {
        var webhook = _fake.AddWebhook();

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Subscriptions.AddWebhookUrlAsync(Url(form, webhook), CancellationToken.None));

        Assert.StartsWith("Not a Discord webhook URL: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains("https://discord.com/api/webhooks/", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(webhook.Token, error.Message, StringComparison.Ordinal);
        Assert.Empty(_fake.Requests);
        Assert.Empty(await _store.ListSubscribersAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_huge_string_is_refused_without_being_echoed()
    {
        var webhook = _fake.AddWebhook();
        var huge = Url("https://discord.com/api/webhooks/{id}/{token}?thread_id=", webhook) + new string('9', 100_000);

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Subscriptions.AddWebhookUrlAsync(huge, CancellationToken.None));

        Assert.Contains("100", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 400, error.Message);
        Assert.Empty(_fake.Requests);
        Assert.Empty(await _store.ListSubscribersAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_deleted_webhook_is_refused_with_a_clear_message_and_nothing_is_stored()
    {
        var webhook = _fake.AddWebhook();
        _fake.Delete(webhook);

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Subscriptions.AddWebhookUrlAsync(Url("https://discord.com/api/webhooks/{id}/{token}", webhook), CancellationToken.None));

        Assert.Contains($"Discord says webhooks/{webhook.Id}/*** does not exist (deleted?)", error.Message, StringComparison.Ordinal);
        Assert.Contains("10015", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(webhook.Token, error.Message, StringComparison.Ordinal);
        Assert.Empty(await _store.ListSubscribersAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_wrong_token_is_refused_like_a_deleted_webhook()
    {
        var webhook = _fake.AddWebhook();

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Subscriptions.AddWebhookUrlAsync($"https://discord.com/api/webhooks/{webhook.Id}/not-the-token", CancellationToken.None));

        Assert.Contains("does not exist (deleted?) or its token is wrong", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-token", error.Message, StringComparison.Ordinal);
        Assert.Empty(await _store.ListSubscribersAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Discord_unreachable_is_a_runtime_failure_and_nothing_is_stored()
    {
        var webhook = _fake.AddWebhook();
        var subscriptions = Subscriptions;
        await _fake.DisposeAsync();
        _fake = await FakeDiscord.StartAsync();

        var error = await Assert.ThrowsAsync<DiscordApiException>(() => subscriptions.AddWebhookUrlAsync(Url("https://discord.com/api/webhooks/{id}/{token}", webhook), CancellationToken.None));

        Assert.Contains($"Could not check webhooks/{webhook.Id}/***", error.Message, StringComparison.Ordinal);
        Assert.Contains("try again later", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(webhook.Token, error.Message, StringComparison.Ordinal);
        Assert.Empty(await _store.ListSubscribersAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Email_paths_never_see_a_Discord_subscriber()
    {
        var webhook = _fake.AddWebhook();
        var discord = await Subscriptions.AddWebhookUrlAsync(Url("https://discord.com/api/webhooks/{id}/{token}", webhook), CancellationToken.None);
        var (email, _) = await _store.SubscribeAsync("ada@example.org", SubscriberStatus.Confirmed, _database.Time.GetUtcNow(), CancellationToken.None);

        Assert.Null(await _store.FindSubscriberAsync(discord.Address, CancellationToken.None));
        Assert.Null(await _store.FindSubscriberAsync("discord:" + webhook.Id, CancellationToken.None));
        Assert.Equal(DeliveryChannel.Email, email.Channel);
        await _store.SaveDigestAsync(SampleDigests.Issue(sections: 4), _database.Time.GetUtcNow(), [DeliveryChannel.Email], CancellationToken.None);
        var deliveries = await _store.ListDeliveriesAsync(SampleDigests.Issue(sections: 4).Number, CancellationToken.None);
        Assert.Equal([email.Id], deliveries.Select(d => d.SubscriberId));
    }

    private static string Url(string form, FakeWebhook webhook) =>
        form.Replace("{id}", webhook.Id, StringComparison.Ordinal).Replace("{token}", webhook.Token, StringComparison.Ordinal);
}
