using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RoundupBot.Web;

namespace RoundupBot.Tests.Web;

/// <summary>Guessing the admin token: after a few wrong ones from an address, 429 with Retry-After, growing.</summary>
public sealed class AdminTokenThrottleTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(TimeProvider.System.GetUtcNow());
    private TestWebServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await TestWebServer.StartAsync(configureServices: services => services.AddSingleton<TimeProvider>(_time));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Wrong_bearer_tokens_are_slowed_down_with_429_and_Retry_After_even_for_the_right_token()
    {
        using var client = _server.Client();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < AdminTokenThrottle.FreeFailures + 1; i++)
        {
            using var wrong = await BearerAsync(client, "wrong-token-guess-" + i);
            statuses.Add(wrong.StatusCode);
        }

        using var blocked = await BearerAsync(client, TestWebServer.Token);
        var message = await blocked.Content.ReadAsStringAsync();
        _time.Advance(TimeSpan.FromSeconds(1));
        using var afterTheWait = await BearerAsync(client, TestWebServer.Token);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), blocked.Headers.RetryAfter?.Delta);
        Assert.Equal("Too many wrong admin tokens from this address; try again in 1 second.", message);
        Assert.Equal(HttpStatusCode.OK, afterTheWait.StatusCode);
    }

    [Fact]
    public async Task Wrong_sign_ins_are_slowed_down_and_each_further_failure_doubles_the_wait()
    {
        using var client = _server.Client();
        for (var i = 0; i < AdminTokenThrottle.FreeFailures + 1; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync(client, "wrong-token-guess-" + i));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInAsync(client, TestWebServer.Token));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync(client, "another-wrong-guess"));
        var formToken = await TestWebServer.FormTokenAsync(client, "/admin/signin");
        using var blocked = await client.PostAsync("/admin/signin", TestWebServer.Form(formToken, ("token", TestWebServer.Token)));

        Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), blocked.Headers.RetryAfter?.Delta);
        Assert.Equal("Too many wrong admin tokens from this address; try again in 2 seconds.", await blocked.Content.ReadAsStringAsync());
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(HttpStatusCode.SeeOther, await SignInAsync(client, TestWebServer.Token));
    }

    [Fact]
    public async Task A_signed_in_admin_keeps_working_while_the_address_is_slowed_down()
    {
        using var admin = await _server.SignedInClientAsync();
        using var guesser = _server.Client();
        for (var i = 0; i < AdminTokenThrottle.FreeFailures + 1; i++)
        {
            using var wrong = await BearerAsync(guesser, "wrong-token-guess-" + i);
        }

        using var page = await admin.GetAsync("/admin");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    private static async Task<HttpResponseMessage> BearerAsync(HttpClient client, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }

    private static async Task<HttpStatusCode> SignInAsync(HttpClient client, string token)
    {
        var formToken = await TestWebServer.FormTokenAsync(client, "/admin/signin");
        using var response = await client.PostAsync("/admin/signin", TestWebServer.Form(formToken, ("token", token)));
        return response.StatusCode;
    }
}
