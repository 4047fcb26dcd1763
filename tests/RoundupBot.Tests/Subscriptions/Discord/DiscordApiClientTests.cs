using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RoundupBot.Publishing.Discord;
using RoundupBot.Subscriptions.Discord;
using RoundupBot.Tests.TestSupport;

namespace RoundupBot.Tests.Subscriptions.Discord;

public sealed class DiscordApiClientTests : IAsyncLifetime
{
    private const string ApplicationId = "1300000000000000001";
    private LoopbackServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_429_is_waited_out_and_sent_again()
    {
        var calls = 0;
        _server.Map($"/api/v10/applications/{ApplicationId}/commands", async context =>
        {
            context.Response.ContentType = "application/json";
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.StatusCode = 429;
                await context.Response.WriteAsync("""{"message":"You are being rate limited.","retry_after":0.05,"global":false}""");
                return;
            }

            await context.Response.WriteAsync("""[{"id":"1","name":"roundup"}]""");
        });

        var count = await Client().OverwriteCommandsAsync(ApplicationId, null, RoundupCommands.Definitions, CancellationToken.None);

        Assert.Equal(1, count);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task A_5xx_is_not_sent_again_and_names_the_status()
    {
        _server.Map("/api/v10/channels/1500000000000000001/webhooks", context =>
        {
            context.Response.StatusCode = 502;
            return Task.CompletedTask;
        });

        var ex = await Assert.ThrowsAsync<DiscordApiException>(() => Client().CreateWebhookAsync("1500000000000000001", "RoundupBot", CancellationToken.None));

        Assert.Equal(502, ex.HttpStatusCode);
        Assert.StartsWith("Could not create a webhook: Discord answered 502", ex.Message);
        Assert.Equal(1, _server.RequestCount("/api/v10/channels/1500000000000000001/webhooks"));
    }

    [Fact]
    public async Task A_refused_reply_edit_names_Discord_error_and_never_the_interaction_token()
    {
        const string token = "aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OTA";
        _server.Map($"/api/v10/webhooks/{ApplicationId}/{token}/messages/@original", async context =>
        {
            context.Response.StatusCode = 404;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($$"""{"message":"Unknown Webhook {{token}}","code":10015}""");
        });

        var ex = await Assert.ThrowsAsync<DiscordApiException>(() => Client().EditOriginalResponseAsync(ApplicationId, token, InteractionMessage.Private("done"), CancellationToken.None));

        Assert.Equal(10015, ex.ErrorCode);
        Assert.Contains("Unknown Webhook ***", ex.Message);
        Assert.DoesNotContain(token, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_bot_token_nothing_is_sent()
    {
        var ex = await Assert.ThrowsAsync<DiscordApiException>(() => Client(botToken: null).CreateWebhookAsync("1500000000000000001", "RoundupBot", CancellationToken.None));

        Assert.Contains("Discord:BotToken is not set", ex.Message);
        Assert.Empty(_server.Requests);
    }

    private DiscordApiClient Client(string? botToken = "bot-token") => new(
        new HttpClient(new SocketsHttpHandler()),
        Options.Create(new DiscordOptions { ApiBaseUrl = _server.Url("/api/v10").AbsoluteUri, BotToken = botToken, Timeout = TimeSpan.FromSeconds(5) }),
        TimeProvider.System,
        NullLogger<DiscordApiClient>.Instance);
}
