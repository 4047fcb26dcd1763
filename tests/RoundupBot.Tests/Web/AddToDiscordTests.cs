using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RoundupBot.Publishing.Discord;
using RoundupBot.Subscriptions.Discord;
using RoundupBot.Tests.TestSupport;

namespace RoundupBot.Tests.Web;

/// <summary>"Add to Discord": the button, the redirect to Discord's authorize page, and the OAuth2 callback.</summary>
public sealed class AddToDiscordTests : IAsyncLifetime
{
    private const string BaseUrl = "https://roundup.example.org";
    private const string RedirectUri = BaseUrl + "/discord/callback";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 6, 8, 8, 0, 0, TimeSpan.Zero));
    private FakeDiscord _discord = null!;
    private TestWebServer _server = null!;

    public async Task InitializeAsync()
    {
        _discord = await FakeDiscord.StartAsync();
        _server = await StartAsync(configured: true);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _discord.DisposeAsync();
    }

    [Fact]
    public async Task The_front_page_shows_the_button_once_the_application_is_configured()
    {
        await using var off = await StartAsync(configured: false);
        await _server.SaveDigestAsync(1);
        await off.SaveDigestAsync(1);
        using var client = _server.Client();
        using var offClient = off.Client();

        var on = await WebPage.GetAsync(client, "/");
        var offPage = await WebPage.GetAsync(offClient, "/");
        var issue = await WebPage.GetAsync(client, "/digests/1");

        Assert.Contains(("/discord/add", "Add to Discord"), on.Links);
        Assert.Contains(("/discord/add", "Add to Discord"), issue.Links);
        Assert.DoesNotContain("Add to Discord", offPage.Text);
        Assert.DoesNotContain(offPage.Links, l => l.Href == "/discord/add");
    }

    [Fact]
    public async Task The_front_page_without_issues_shows_the_button_too()
    {
        using var client = _server.Client();

        var page = await WebPage.GetAsync(client, "/");

        Assert.Equal("No issues yet", page.Heading);
        Assert.Contains(("/discord/add", "Add to Discord"), page.Links);
    }

    [Fact]
    public async Task Add_redirects_to_Discord_with_a_signed_state_and_sets_its_cookie()
    {
        using var client = _server.Client();

        using var response = await client.GetAsync("/discord/add");
        var location = response.Headers.Location!;
        var query = QueryHelpers.ParseQuery(location.Query);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(_discord.OAuthAuthorizeUrl + "?", location.AbsoluteUri);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal(_discord.ApplicationId, query["client_id"]);
        Assert.Equal("webhook.incoming", query["scope"]);
        Assert.Equal(RedirectUri, query["redirect_uri"]);
        Assert.True(query["state"].ToString().Length >= 40);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("roundup_discord_state=", cookie);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(_discord.ClientSecret, location.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_redirect_uri_comes_from_the_base_url_never_from_a_forged_Host_header()
    {
        using var client = _server.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/discord/add");
        request.Headers.Host = "evil.example";

        using var response = await client.SendAsync(request);

        Assert.Equal(RedirectUri, QueryHelpers.ParseQuery(response.Headers.Location!.Query)["redirect_uri"]);
        Assert.DoesNotContain("evil.example", response.Headers.Location.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_good_callback_exchanges_the_code_and_stores_the_webhook()
    {
        using var client = _server.Client();
        var state = await StartFlowAsync(client);
        var code = _discord.IssueOAuthCode(RedirectUri);

        using var response = await client.GetAsync($"/discord/callback?code={code}&state={Uri.EscapeDataString(state)}&guild_id={FakeDiscord.GuildId}");
        var html = await response.Content.ReadAsStringAsync();
        var page = WebPage.Parse(html);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var webhook = Assert.Single(_discord.CreatedWebhooks);
        Assert.Equal("Thank you! RoundupBot is in your server", page.Heading);
        Assert.Contains($"Each new issue will be posted in channel {webhook.ChannelId}", page.Text);
        Assert.Contains(($"https://discord.com/channels/{FakeDiscord.GuildId}/{webhook.ChannelId}", $"channel {webhook.ChannelId}"), page.Links);
        Assert.DoesNotContain(webhook.Token, html, StringComparison.Ordinal);
        Assert.NotNull(await Subscriptions.FindByChannelAsync(webhook.ChannelId, CancellationToken.None));
    }

    [Fact]
    public async Task A_state_can_be_used_once()
    {
        using var client = _server.Client();
        var state = await StartFlowAsync(client);
        using var first = await client.GetAsync($"/discord/callback?code={_discord.IssueOAuthCode(RedirectUri)}&state={Uri.EscapeDataString(state)}");

        using var second = await client.GetAsync($"/discord/callback?code={_discord.IssueOAuthCode(RedirectUri)}&state={Uri.EscapeDataString(state)}");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Single(_discord.CreatedWebhooks);
    }

    [Fact]
    public async Task A_callback_replayed_with_its_state_and_nonce_cookie_is_refused_and_exchanges_nothing()
    {
        using var client = _server.Client();
        using var add = await client.GetAsync("/discord/add");
        var state = QueryHelpers.ParseQuery(add.Headers.Location!.Query)["state"].ToString();
        var nonceCookie = Assert.Single(add.Headers.GetValues("Set-Cookie")).Split(';')[0];
        var callback = $"/discord/callback?code={_discord.IssueOAuthCode(RedirectUri)}&state={Uri.EscapeDataString(state)}";
        using var first = await client.GetAsync(callback);

        // The attacker kept the whole request: the state, the same code and the nonce cookie the browser had.
        using var replayer = _server.Client();
        using var replay = new HttpRequestMessage(HttpMethod.Get, $"/discord/callback?code={_discord.IssueOAuthCode(RedirectUri)}&state={Uri.EscapeDataString(state)}");
        replay.Headers.Add("Cookie", nonceCookie);
        var requestsBefore = _discord.Requests.Count;
        using var second = await replayer.SendAsync(replay);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Equal("This link is not valid", (await WebPage.FromAsync(second)).Heading);
        Assert.Equal(requestsBefore, _discord.Requests.Count);
        Assert.Single(_discord.CreatedWebhooks);
    }

    [Fact]
    public async Task A_forged_state_is_refused_before_any_code_is_exchanged()
    {
        using var client = _server.Client();
        var state = await StartFlowAsync(client);
        var forged = (state[0] == 'A' ? "B" : "A") + state[1..];

        using var response = await client.GetAsync($"/discord/callback?code={_discord.IssueOAuthCode(RedirectUri)}&state={Uri.EscapeDataString(forged)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("This link is not valid", (await WebPage.FromAsync(response)).Heading);
        Assert.Empty(_discord.Requests);
    }

    [Fact]
    public async Task A_state_from_another_browser_is_refused()
    {
        using var victim = _server.Client();
        using var attacker = _server.Client();
        var state = await StartFlowAsync(attacker);

        using var response = await victim.GetAsync($"/discord/callback?code={_discord.IssueOAuthCode(RedirectUri)}&state={Uri.EscapeDataString(state)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_discord.Requests);
    }

    [Fact]
    public async Task A_missing_state_is_refused()
    {
        using var client = _server.Client();
        await StartFlowAsync(client);

        using var response = await client.GetAsync($"/discord/callback?code={_discord.IssueOAuthCode(RedirectUri)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(_discord.Requests);
    }

    [Fact]
    public async Task An_expired_state_is_refused_with_a_page_that_says_so()
    {
        using var client = _server.Client();
        var state = await StartFlowAsync(client);
        _time.Advance(TimeSpan.FromMinutes(11));

        using var response = await client.GetAsync($"/discord/callback?code={_discord.IssueOAuthCode(RedirectUri)}&state={Uri.EscapeDataString(state)}");

        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.Equal("This link has expired", (await WebPage.FromAsync(response)).Heading);
        Assert.Empty(_discord.Requests);
    }

    [Fact]
    public async Task Cancelling_on_Discord_adds_nothing()
    {
        using var client = _server.Client();
        var state = await StartFlowAsync(client);

        using var response = await client.GetAsync($"/discord/callback?error=access_denied&error_description=The+resource+owner+denied&state={Uri.EscapeDataString(state)}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Nothing was added", (await WebPage.FromAsync(response)).Heading);
        Assert.Empty(_discord.Requests);
    }

    [Fact]
    public async Task A_code_Discord_refuses_gets_a_clear_page_and_stores_nothing()
    {
        using var client = _server.Client();
        var state = await StartFlowAsync(client);

        using var response = await client.GetAsync($"/discord/callback?code=not-a-code&state={Uri.EscapeDataString(state)}");
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("Discord did not confirm", WebPage.Parse(page).Heading);
        Assert.DoesNotContain(_discord.ClientSecret, page, StringComparison.Ordinal);
        Assert.Empty(_discord.CreatedWebhooks);
        Assert.Equal(400, Assert.Single(_discord.Requests).StatusCode);
    }

    [Fact]
    public async Task Without_the_OAuth2_client_the_routes_are_off()
    {
        await using var off = await StartAsync(configured: false);
        using var client = off.Client();

        using var add = await client.GetAsync("/discord/add");
        using var callback = await client.GetAsync("/discord/callback?code=x&state=y");

        Assert.Equal(HttpStatusCode.NotFound, add.StatusCode);
        Assert.Contains("Discord:ClientSecret", await add.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, callback.StatusCode);
    }

    private DiscordSubscriptions Subscriptions => _server.Services.GetRequiredService<DiscordSubscriptions>();

    private async Task<string> StartFlowAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/discord/add");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return QueryHelpers.ParseQuery(response.Headers.Location!.Query)["state"].ToString();
    }

    private Task<TestWebServer> StartAsync(bool configured) => TestWebServer.StartAsync(
        new()
        {
            ["Roundup:BaseUrl"] = BaseUrl,
            ["Discord:ApiBaseUrl"] = _discord.ApiBaseUrl,
            ["Discord:OAuthAuthorizeUrl"] = _discord.OAuthAuthorizeUrl,
            ["Discord:ApplicationId"] = configured ? _discord.ApplicationId : null,
            ["Discord:ClientSecret"] = configured ? _discord.ClientSecret : null,
            ["Discord:Timeout"] = "00:00:05",
            ["Security:SigningKey"] = "a-signing-key-for-tests-0123456789abcdef",
        },
        configureServices: services => services.AddSingleton<TimeProvider>(_time));
}
