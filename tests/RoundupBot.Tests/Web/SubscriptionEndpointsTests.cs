using System.Net;
using System.Text.RegularExpressions;
using RoundupBot.Model;
using RoundupBot.Publishing.Email;
using RoundupBot.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace RoundupBot.Tests.Web;

public sealed partial class SubscriptionEndpointsTests : IAsyncLifetime
{
    private SmtpSink _sink = null!;
    private TestWebServer _server = null!;

    public async Task InitializeAsync()
    {
        _sink = await SmtpSink.StartAsync();
        _server = await TestWebServer.StartAsync(new Dictionary<string, string?>
        {
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = _sink.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Smtp:Security"] = "None",
            ["Email:From"] = "Roundup <roundup@example.org>",
            ["Email:MessagesPerSecond"] = "0",
            ["Security:SigningKey"] = "a-signing-key-for-tests-only-0123456789",
            // Required once email is on (the issue's links point there); the tests follow links by path only.
            ["Roundup:BaseUrl"] = "https://roundup.example.org",
        });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _sink.DisposeAsync();
    }

    [Fact]
    public async Task Subscribing_sends_a_confirmation_link_and_only_the_click_confirms()
    {
        using var client = _server.Client();

        using var response = await SubscribeAsync(client, "ada@example.org");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var pending = await _server.Store.FindSubscriberAsync("ada@example.org", CancellationToken.None);
        var email = Assert.Single(_sink.Received);
        var link = ConfirmLink().Match(email.Message.TextBody ?? "").Value;
        using var confirm = await client.GetAsync(new Uri(link).PathAndQuery);
        using var replay = await client.GetAsync(new Uri(link).PathAndQuery);
        var confirmed = await _server.Store.FindSubscriberAsync("ada@example.org", CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Check your inbox", await response.Content.ReadAsStringAsync());
        Assert.Equal(SubscriberStatus.Pending, pending!.Status);
        Assert.Equal(["ada@example.org"], email.Recipients);
        Assert.StartsWith("Confirm your subscription", email.Message.Subject);
        Assert.Null(email.Message.Headers["List-Unsubscribe"]);
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Contains("You're subscribed", await confirm.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(SubscriberStatus.Confirmed, confirmed!.Status);
    }

    [Fact]
    public async Task The_page_never_reveals_whether_an_address_is_subscribed()
    {
        await _server.Store.SubscribeAsync("grace@example.org", SubscriberStatus.Confirmed, TimeProvider.System.GetUtcNow(), CancellationToken.None);
        using var client = _server.Client();

        using var known = await SubscribeAsync(client, "grace@example.org");
        using var unknown = await SubscribeAsync(client, "alan@example.org");

        Assert.Equal(known.StatusCode, unknown.StatusCode);
        Assert.Equal(await known.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync());
        Assert.Equal(["alan@example.org"], _sink.Received.SelectMany(e => e.Recipients));
    }

    [Theory]
    [InlineData("not-an-address")]
    [InlineData("ada@example.org\r\nBcc: victim@example.org")]
    [InlineData("Ada <ada@example.org>")]
    public async Task An_invalid_address_is_refused_and_nothing_is_sent(string address)
    {
        using var client = _server.Client();

        using var response = await SubscribeAsync(client, address);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_sink.Received);
        Assert.Empty(await _server.Store.ListSubscribersAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_subscribe_post_without_the_form_token_changes_nothing()
    {
        using var client = _server.Client();

        using var response = await client.PostAsync("/subscribe", TestWebServer.Form(null, ("email", "ada@example.org")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await _server.Store.ListSubscribersAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_forged_confirmation_link_confirms_nothing()
    {
        using var client = _server.Client();
        using var subscribed = await SubscribeAsync(client, "ada@example.org");
        var link = new Uri(ConfirmLink().Match(Assert.Single(_sink.Received).Message.TextBody ?? "").Value).PathAndQuery;

        using var forged = await client.GetAsync(link[..^3] + (link[^3] == 'A' ? "B" : "A") + link[^2..]);
        using var garbage = await client.GetAsync("/confirm?token=not-a-token");

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        Assert.Equal(SubscriberStatus.Pending, (await _server.Store.FindSubscriberAsync("ada@example.org", CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task One_click_unsubscribe_works_without_a_page_and_only_for_its_own_subscriber()
    {
        var now = TimeProvider.System.GetUtcNow();
        var (ada, _) = await _server.Store.SubscribeAsync("ada@example.org", SubscriberStatus.Confirmed, now, CancellationToken.None);
        var (grace, _) = await _server.Store.SubscribeAsync("grace@example.org", SubscriberStatus.Confirmed, now, CancellationToken.None);
        var subscriptions = _server.Services.GetRequiredService<SubscriptionService>();
        var link = new Uri(subscriptions.UnsubscribeUrl(ada, _server.BaseUrl.AbsoluteUri)).PathAndQuery;
        using var client = _server.Client();

        using var page = await client.GetAsync(link);
        using var oneClick = await client.PostAsync(link, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        using var again = await client.PostAsync(link, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        using var tampered = await client.PostAsync(link.Replace("token=", "token=x", StringComparison.Ordinal), new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));

        Assert.Contains("<button type=\"submit\">Unsubscribe</button>", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tampered.StatusCode);
        Assert.Equal(SubscriberStatus.Unsubscribed, (await _server.Store.GetSubscriberAsync(ada.Id, CancellationToken.None))!.Status);
        Assert.Equal(SubscriberStatus.Confirmed, (await _server.Store.GetSubscriberAsync(grace.Id, CancellationToken.None))!.Status);
    }

    private static async Task<HttpResponseMessage> SubscribeAsync(HttpClient client, string address) =>
        await client.PostAsync("/subscribe", TestWebServer.Form(await TestWebServer.FormTokenAsync(client, "/subscribe"), ("email", address)));

    [GeneratedRegex(@"https?://\S+/confirm\?token=\S+")]
    private static partial Regex ConfirmLink();
}
