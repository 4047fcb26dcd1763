using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RoundupBot.Publishing.Discord;
using RoundupBot.Rendering;
using RoundupBot.Tests.TestSupport;

namespace RoundupBot.Tests.Publishing.Discord;

// Pacing and back-off are measured on the wall clock against a server on the same two cores: run alone, after the parallel tests.
[Collection(WallClockTiming.Name)]
public sealed class DiscordWebhookClientTests : IAsyncLifetime
{
    private readonly ListLoggerProvider _logs = new();
    private FakeDiscord _fake = null!;
    private ServiceProvider? _services;

    public async Task InitializeAsync() => _fake = await FakeDiscord.StartAsync();

    public async Task DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task Delivers_a_seven_section_issue_with_long_summaries_whole_and_in_order()
    {
        var webhook = _fake.AddWebhook(limit: new FakeRateLimit(50, TimeSpan.FromSeconds(1)));
        var messages = DiscordRenderer.Render(SampleDigests.Issue(sections: 7, sentences: 40), "https://roundup.example.org/digests/5");

        var results = await PostAllAsync(Client(), webhook.Target, messages);

        Assert.All(results, r => Assert.Equal(DiscordWebhookStatus.Posted, r.Status));
        var received = _fake.MessagesOf(webhook);
        Assert.Equal(messages.Select(DiscordJson.Serialize), received.Select(m => m.Body.GetRawText()));
        Assert.Equal(results.Select(r => r.MessageId), received.Select(m => m.Id));
        Assert.All(results, r => Assert.Equal(webhook.ChannelId, r.ChannelId));
        Assert.All(_fake.Requests, r => Assert.Equal(200, r.StatusCode));
        AssertNoTokenLogged(webhook);
    }

    [Fact]
    public async Task Waits_when_the_bucket_has_nothing_remaining_instead_of_getting_a_429()
    {
        var webhook = _fake.AddWebhook(limit: new FakeRateLimit(2, TimeSpan.FromSeconds(1)));
        var messages = Enumerable.Range(1, 5).Select(i => new DiscordWebhookMessage { Content = $"Part {i}" }).ToList();

        var results = await PostAllAsync(Client(), webhook.Target, messages);

        Assert.All(results, r => Assert.Equal(DiscordWebhookStatus.Posted, r.Status));
        Assert.Equal(0, _fake.TooManyRequestsCount);
        var arrivals = _fake.MessagesOf(webhook).Select(m => m.ArrivedAt).ToList();
        Assert.True(arrivals[2] - arrivals[0] >= TimeSpan.FromSeconds(1), $"third part after {arrivals[2] - arrivals[0]}");
        Assert.True(arrivals[4] - arrivals[2] >= TimeSpan.FromSeconds(1), $"fifth part after {arrivals[4] - arrivals[2]}");
    }

    [Fact]
    public async Task A_429_storm_delivers_everything_in_order_and_nothing_is_sent_before_its_retry_after()
    {
        // The fake's global limit is far below what the client is told, so the client learns it only from 429s.
        _fake.GlobalLimit = new FakeRateLimit(3, TimeSpan.FromMilliseconds(400));
        var webhooks = Enumerable.Range(0, 3).Select(_ => _fake.AddWebhook(limit: new FakeRateLimit(3, TimeSpan.FromSeconds(1)))).ToList();
        var messages = DiscordRenderer.Render(SampleDigests.Issue(sections: 7, sentences: 8), "https://roundup.example.org/digests/5");
        var client = Client(o => o.GlobalRequestsPerSecond = 1000);

        var results = await Task.WhenAll(webhooks.Select(w => PostAllAsync(client, w.Target, messages)));

        Assert.All(results.SelectMany(r => r), r => Assert.Equal(DiscordWebhookStatus.Posted, r.Status));
        foreach (var webhook in webhooks)
        {
            Assert.Equal(messages.Select(DiscordJson.Serialize), _fake.MessagesOf(webhook).Select(m => m.Body.GetRawText()));
        }

        Assert.True(_fake.TooManyRequestsCount > 0, "the storm did not happen");
        Assert.Equal(_fake.TooManyRequestsCount, results.SelectMany(r => r).Sum(r => r.RateLimitedCount));
        Assert.Empty(_fake.Violations);
        Assert.Contains(_logs.Entries, e => e.EventId.Id == 4201 && e.Message.Contains("global: True", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Paces_itself_under_the_global_limit_across_webhooks()
    {
        _fake.GlobalLimit = new FakeRateLimit(10, TimeSpan.FromSeconds(1));
        var webhooks = Enumerable.Range(0, 4).Select(_ => _fake.AddWebhook(limit: new FakeRateLimit(100, TimeSpan.FromSeconds(1)))).ToList();
        var messages = Enumerable.Range(1, 6).Select(i => new DiscordWebhookMessage { Content = $"Part {i}" }).ToList();
        var client = Client(o => o.GlobalRequestsPerSecond = 10);

        var clock = Stopwatch.StartNew();
        var results = await Task.WhenAll(webhooks.Select(w => PostAllAsync(client, w.Target, messages)));

        Assert.All(results.SelectMany(r => r), r => Assert.Equal(DiscordWebhookStatus.Posted, r.Status));
        // The client counts a request when it leaves, Discord when it arrives; a cold start (JIT) or a loaded machine can
        // bunch arrivals. What the issue asks: no more than one 429 per webhook, and everything still delivered.
        Assert.InRange(_fake.TooManyRequestsCount, 0, webhooks.Count);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(2), $"24 requests at 10 per second took {clock.Elapsed}");
    }

    [Fact]
    public async Task Retries_5xx_answers_with_backoff_and_posts_once()
    {
        var webhook = _fake.AddWebhook();
        webhook.FailNext(2, 502);

        var result = await Client().ExecuteAsync(webhook.Target, new DiscordWebhookMessage { Content = "Hello" }, CancellationToken.None);

        Assert.Equal(DiscordWebhookStatus.Posted, result.Status);
        Assert.Equal(3, result.Attempts);
        Assert.Single(_fake.MessagesOf(webhook));
        var arrivals = _fake.Requests.Select(r => r.ArrivedAt).ToList();
        // 50 ms, then 100 ms (doubling); a few milliseconds' slack for when each arrival is stamped at the server.
        Assert.True(arrivals[1] - arrivals[0] >= TimeSpan.FromMilliseconds(45), $"first pause {arrivals[1] - arrivals[0]}");
        Assert.True(arrivals[2] - arrivals[1] >= TimeSpan.FromMilliseconds(90), $"second pause {arrivals[2] - arrivals[1]}");
        Assert.Equal(2, _logs.Count(4202));
    }

    [Fact]
    public async Task Gives_up_after_the_last_retry_as_a_transient_failure()
    {
        var webhook = _fake.AddWebhook();
        webhook.FailNext(10, 503);

        var result = await Client(o => o.MaxRetries = 2).ExecuteAsync(webhook.Target, new DiscordWebhookMessage { Content = "Hello" }, CancellationToken.None);

        Assert.Equal(DiscordWebhookStatus.TransientFailure, result.Status);
        Assert.Equal(3, result.Attempts);
        Assert.Equal(503, result.HttpStatusCode);
        Assert.Empty(_fake.Messages);
        Assert.Equal(1, _logs.Count(4206));
    }

    [Fact]
    public async Task A_server_that_cannot_be_reached_is_a_transient_failure_without_the_token()
    {
        var webhook = _fake.AddWebhook();
        var closed = await FakeDiscord.StartAsync();
        var url = closed.ApiBaseUrl;
        await closed.DisposeAsync();

        var result = await Client(o => { o.ApiBaseUrl = url; o.MaxRetries = 1; }).ExecuteAsync(webhook.Target, new DiscordWebhookMessage { Content = "Hello" }, CancellationToken.None);

        Assert.Equal(DiscordWebhookStatus.TransientFailure, result.Status);
        Assert.Equal(2, result.Attempts);
        Assert.Null(result.HttpStatusCode);
        Assert.StartsWith("the request failed", result.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(webhook.Token, result.Detail!, StringComparison.Ordinal);
        AssertNoTokenLogged(webhook);
    }

    [Fact]
    public async Task A_deleted_webhook_is_unknown_at_once()
    {
        var webhook = _fake.AddWebhook();
        _fake.Delete(webhook);

        var result = await Client().ExecuteAsync(webhook.Target, new DiscordWebhookMessage { Content = "Hello" }, CancellationToken.None);

        Assert.Equal(DiscordWebhookStatus.UnknownWebhook, result.Status);
        Assert.Equal((404, 10015, 1), (result.HttpStatusCode, result.ErrorCode, result.Attempts));
        Assert.Single(_fake.Requests);
        Assert.Contains(_logs.Entries, e => e.EventId.Id == 4203 && e.Message.Contains($"webhooks/{webhook.Id}/***", StringComparison.Ordinal));
        AssertNoTokenLogged(webhook);
    }

    [Fact]
    public async Task A_token_that_no_longer_works_is_an_unknown_webhook_too()
    {
        var webhook = _fake.AddWebhook();

        var result = await Client().ExecuteAsync(new DiscordWebhookTarget(webhook.Id, "reset-token"), new DiscordWebhookMessage { Content = "Hello" }, CancellationToken.None);

        Assert.Equal(DiscordWebhookStatus.UnknownWebhook, result.Status);
        Assert.Equal((401, 50027), (result.HttpStatusCode, result.ErrorCode));
    }

    [Fact]
    public async Task A_400_is_rejected_with_Discords_error_path_logged_and_no_token_anywhere()
    {
        var webhook = _fake.AddWebhook();
        var broken = new DiscordWebhookMessage { Embeds = [new DiscordEmbed { Title = "Too long", Description = new string('x', 5000) }] };

        var result = await Client().ExecuteAsync(webhook.Target, broken, CancellationToken.None);

        Assert.Equal(DiscordWebhookStatus.Rejected, result.Status);
        Assert.Equal((400, 50035, 1), (result.HttpStatusCode, result.ErrorCode, result.Attempts));
        Assert.Contains(result.ErrorPaths, p => p.StartsWith("embeds.0.description: BASE_TYPE_MAX_LENGTH", StringComparison.Ordinal));
        Assert.Contains(_logs.Entries, e => e.EventId.Id == 4205 && e.Level == LogLevel.Warning
            && e.Message.Contains("embeds.0.description", StringComparison.Ordinal) && e.Message.Contains($"webhooks/{webhook.Id}/***", StringComparison.Ordinal));
        Assert.Empty(_fake.Messages);
        AssertNoTokenLogged(webhook);
    }

    [Fact]
    public async Task A_forum_webhook_creates_a_post_named_after_the_issue_and_puts_the_later_parts_in_it()
    {
        var webhook = _fake.AddWebhook(forum: true);
        var digest = SampleDigests.Issue(sections: 3, sentences: 5) with { Title = string.Join(" ", Enumerable.Repeat("Some interesting things", 8)) };
        var messages = DiscordRenderer.Render(digest, archiveUrl: null);
        var client = Client();

        var target = webhook.Target with { ThreadName = DiscordRenderer.ThreadName(digest) };
        var results = new List<DiscordWebhookResult>();
        foreach (var message in messages)
        {
            var result = await client.ExecuteAsync(target, message, CancellationToken.None);
            results.Add(result);
            target = target.ThreadName is null ? target : target.InThread(result.ChannelId!);
        }

        Assert.All(results, r => Assert.Equal(DiscordWebhookStatus.Posted, r.Status));
        var received = _fake.MessagesOf(webhook);
        var post = received[0].ChannelId;
        Assert.NotEqual(webhook.ChannelId, post);
        Assert.InRange(received[0].ThreadName!.Length, 1, 100);
        Assert.All(received.Skip(1), m => Assert.Equal((post, null), (m.ThreadId, m.ThreadName)));
        Assert.All(received, m => Assert.Equal(post, m.ChannelId));
    }

    [Fact]
    public async Task A_forum_webhook_without_a_post_name_is_rejected()
    {
        var webhook = _fake.AddWebhook(forum: true);

        var result = await Client().ExecuteAsync(webhook.Target, new DiscordWebhookMessage { Content = "Hello" }, CancellationToken.None);

        Assert.Equal((DiscordWebhookStatus.Rejected, 220001), (result.Status, result.ErrorCode));
    }

    [Fact]
    public async Task Mentions_in_feed_text_ping_nobody_when_delivered()
    {
        var webhook = _fake.AddWebhook();
        var digest = SampleDigests.Issue(sections: 2, sentences: 2) with { Intro = "@everyone @here <@&123> <@456> read this" };

        var results = await PostAllAsync(Client(), webhook.Target, DiscordRenderer.Render(digest, archiveUrl: null));

        Assert.All(results, r => Assert.Equal(DiscordWebhookStatus.Posted, r.Status));
        Assert.All(_fake.MessagesOf(webhook), m => Assert.Empty(m.Pings));
        Assert.All(_fake.MessagesOf(webhook), m => Assert.Equal("[]", m.Body.GetProperty("allowed_mentions").GetProperty("parse").GetRawText()));
        // The fake does resolve mentions: the same text without our escaping and allowed_mentions would ping.
        var raw = await Client().ExecuteAsync(webhook.Target, new DiscordWebhookMessage { Content = digest.Intro, AllowedMentions = new DiscordAllowedMentions(["everyone", "roles", "users"]) }, CancellationToken.None);
        Assert.Equal(4, _fake.MessagesOf(webhook).Single(m => m.Id == raw.MessageId).Pings.Count);
    }

    [Fact]
    public async Task A_target_never_shows_its_token()
    {
        var target = new DiscordWebhookTarget("123456789012345678", "secret-token") { ThreadId = "42" };

        Assert.Equal("webhooks/123456789012345678/***", target.ToString());
        Assert.Equal("webhooks/123456789012345678/***", $"{target}");
        var client = Client();
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => client.ExecuteAsync(new DiscordWebhookTarget("12x", "secret-token"), new DiscordWebhookMessage { Content = "x" }, CancellationToken.None));
        Assert.DoesNotContain("secret-token", ex.Message, StringComparison.Ordinal);
        var bad = await Assert.ThrowsAsync<ArgumentException>(() => client.ExecuteAsync(new DiscordWebhookTarget("123", "secret token/"), new DiscordWebhookMessage { Content = "x" }, CancellationToken.None));
        Assert.DoesNotContain("secret token/", bad.Message, StringComparison.Ordinal);
    }

    private DiscordWebhookClient Client(Action<DiscordOptions>? configure = null)
    {
        if (_services is null)
        {
            var services = new ServiceCollection();
            services.AddLogging(b => b.ClearProviders().AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
            services.AddDiscord();
            services.Configure<DiscordOptions>(o =>
            {
                o.ApiBaseUrl = _fake.ApiBaseUrl;
                o.RetryDelay = TimeSpan.FromMilliseconds(50);
                o.Timeout = TimeSpan.FromSeconds(10);
                configure?.Invoke(o);
            });
            _services = services.BuildServiceProvider();
        }

        return _services.GetRequiredService<DiscordWebhookClient>();
    }

    private static async Task<List<DiscordWebhookResult>> PostAllAsync(DiscordWebhookClient client, DiscordWebhookTarget target, IReadOnlyList<DiscordWebhookMessage> messages)
    {
        var results = new List<DiscordWebhookResult>();
        foreach (var message in messages)
        {
            results.Add(await client.ExecuteAsync(target, message, CancellationToken.None));
        }

        return results;
    }

    /// <summary>Every log line of every category, HttpClient's included, is free of the webhook's token.</summary>
    private void AssertNoTokenLogged(FakeWebhook webhook)
    {
        Assert.NotEmpty(_logs.Entries);
        Assert.All(_logs.Entries, e => Assert.DoesNotContain(webhook.Token, e.Message, StringComparison.Ordinal));
    }
}
