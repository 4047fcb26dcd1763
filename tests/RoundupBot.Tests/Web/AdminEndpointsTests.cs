using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using RoundupBot.Tests.TestSupport;

namespace RoundupBot.Tests.Web;

public sealed class AdminEndpointsTests : IAsyncLifetime
{
    private LoopbackServer _feeds = null!;
    private TestWebServer _server = null!;

    public async Task InitializeAsync()
    {
        _feeds = await LoopbackServer.StartAsync();
        _feeds.MapFile("/configured.rss", Rss("Configured blog", 3));
        _server = await TestWebServer.StartAsync(new()
        {
            ["Sources:0:Name"] = "Secret configured source",
            ["Sources:0:Url"] = _feeds.Url("/configured.rss").AbsoluteUri,
        });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _feeds.DisposeAsync();
    }

    [Fact]
    public async Task Without_a_token_admin_answers_401_and_names_no_source()
    {
        using var client = _server.Client();

        using var response = await client.GetAsync("/admin");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("Secret configured source", body);
        Assert.Contains("sign in", body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_browser_without_a_cookie_is_sent_to_the_sign_in_form()
    {
        using var client = _server.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin");
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin/signin", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_wrong_bearer_token_is_401()
    {
        using var client = _server.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "wrong-token-0123456789");

        using var response = await client.GetAsync("/admin");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("Secret configured source", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_right_bearer_token_opens_the_admin_page()
    {
        using var client = _server.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestWebServer.Token);

        using var response = await client.GetAsync("/admin");
        var page = await WebPage.FromAsync(response);

        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Equal("Admin", page.Heading);
        Assert.Equal("Secret configured source", WebPage.RowWith(page.TableAfter("Sources"), "Secret configured source")[0]);
        Assert.Equal("Run roundup now", page.Form("/admin/run").QuerySelector("button")?.TextContent);
    }

    [Fact]
    public async Task The_sign_in_page_shows_a_token_form_that_posts_back_with_an_antiforgery_token()
    {
        using var client = _server.Client();

        using var response = await client.GetAsync("/admin/signin");
        var page = await WebPage.FromAsync(response);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Admin sign-in", page.Title);
        Assert.Equal("Admin sign-in", page.Heading);
        var form = page.Form("/admin/signin");
        Assert.Equal("post", form.Method);
        var token = Assert.Single(form.Elements.OfType<AngleSharp.Html.Dom.IHtmlInputElement>(), i => i.Name == "token");
        Assert.Equal("password", token.Type);
        Assert.True(token.IsRequired);
        Assert.False(string.IsNullOrEmpty(WebPage.Field(form, "__RequestVerificationToken")));
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("roundup_form=", StringComparison.Ordinal));
        Assert.Equal("Sign in", form.QuerySelector("button[type=submit]")?.TextContent);
        Assert.Contains(("/subscribe", "Subscribe"), page.Links);
        Assert.Null(page.One("script"));
    }

    [Fact]
    public async Task Signing_in_with_a_wrong_token_is_401_and_sets_no_cookie()
    {
        using var client = _server.Client();
        var form = await TestWebServer.FormTokenAsync(client, "/admin/signin");

        using var response = await client.PostAsync("/admin/signin", TestWebServer.Form(form, ("token", "not-the-token-at-all")));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("roundup_admin=", StringComparison.Ordinal)));
        Assert.DoesNotContain(TestWebServer.Token, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Signing_in_sets_an_HttpOnly_SameSite_cookie_and_then_admin_lists_the_sources()
    {
        using var client = _server.Client();
        var form = await TestWebServer.FormTokenAsync(client, "/admin/signin");

        using var response = await client.PostAsync("/admin/signin", TestWebServer.Form(form, ("token", TestWebServer.Token)));
        var page = await WebPage.GetAsync(client, "/admin");

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("roundup_admin=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains((_feeds.Url("/configured.rss").AbsoluteUri, "Secret configured source"), page.Links);
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_400_and_changes_nothing()
    {
        using var client = await _server.SignedInClientAsync();
        var before = await _server.Store.ListSourcesAsync(CancellationToken.None);

        using var response = await client.PostAsync($"/admin/sources/{before[0].Id}/disable", TestWebServer.Form(null));
        using var wrong = await client.PostAsync($"/admin/sources/{before[0].Id}/disable", TestWebServer.Form("bogus", ("x", "y")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("the form has expired; reload the page", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.True((await _server.Store.GetSourceAsync(before[0].Id, CancellationToken.None))!.Enabled);
    }

    [Fact]
    public async Task A_huge_form_is_413()
    {
        using var client = await _server.SignedInClientAsync();
        var token = await TestWebServer.FormTokenAsync(client, "/admin");

        using var response = await client.PostAsync("/admin/sources", TestWebServer.Form(token, ("url", "https://example.org/" + new string('a', 200_000))));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Single(await _server.Store.ListSourcesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_malformed_body_is_400()
    {
        using var client = await _server.SignedInClientAsync();
        using var content = new StringContent("{\"url\":1}", System.Text.Encoding.UTF8, "application/json");

        using var response = await client.PostAsync("/admin/sources", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_source_is_added_disabled_enabled_and_removed_through_the_forms()
    {
        _feeds.MapFile("/new.rss", Rss("New blog", 2));
        using var client = await _server.SignedInClientAsync();

        using var added = await client.PostAsync("/admin/sources", TestWebServer.Form(await TestWebServer.FormTokenAsync(client, "/admin"), ("url", _feeds.Url("/new.rss").AbsoluteUri), ("name", "My new source")));
        var source = (await _server.Store.ListSourcesAsync(CancellationToken.None)).Single(s => s.Name == "My new source");
        using var disabled = await client.PostAsync($"/admin/sources/{source.Id}/disable", TestWebServer.Form(await TestWebServer.FormTokenAsync(client, "/admin")));
        var afterDisable = await _server.Store.GetSourceAsync(source.Id, CancellationToken.None);
        var page = await WebPage.GetAsync(client, "/admin");
        using var enabled = await client.PostAsync($"/admin/sources/{source.Id}/enable", TestWebServer.Form(await TestWebServer.FormTokenAsync(client, "/admin")));
        var afterEnable = await _server.Store.GetSourceAsync(source.Id, CancellationToken.None);
        using var removed = await client.PostAsync($"/admin/sources/{source.Id}/remove", TestWebServer.Form(await TestWebServer.FormTokenAsync(client, "/admin")));

        Assert.Equal(HttpStatusCode.SeeOther, added.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, disabled.StatusCode);
        Assert.False(afterDisable!.Enabled);
        var row = WebPage.RowWith(page.TableAfter("Sources"), "My new source");
        Assert.Equal(["My new source", "rss", "disabled"], row.Take(3));
        Assert.Equal("enable", page.Form($"/admin/sources/{source.Id}/enable").QuerySelector("button")?.TextContent);
        Assert.Empty(page.Forms($"/admin/sources/{source.Id}/disable"));
        Assert.True(afterEnable!.Enabled);
        Assert.Equal(HttpStatusCode.SeeOther, removed.StatusCode);
        Assert.Null(await _server.Store.GetSourceAsync(source.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Adding_a_malformed_URL_is_400_with_the_reason()
    {
        using var client = await _server.SignedInClientAsync();

        using var response = await client.PostAsync("/admin/sources", TestWebServer.Form(await TestWebServer.FormTokenAsync(client, "/admin"), ("url", "not a url")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEmpty(await response.Content.ReadAsStringAsync());
        Assert.Single(await _server.Store.ListSourcesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_script_with_the_bearer_token_can_post_without_a_form_token()
    {
        using var client = _server.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestWebServer.Token);
        var source = (await _server.Store.ListSourcesAsync(CancellationToken.None))[0];

        using var response = await client.PostAsync($"/admin/sources/{source.Id}/disable", TestWebServer.Form(null));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.False((await _server.Store.GetSourceAsync(source.Id, CancellationToken.None))!.Enabled);
    }

    [Fact]
    public async Task Run_roundup_now_with_too_few_items_shows_why_nothing_was_built()
    {
        using var client = await _server.SignedInClientAsync();

        using var response = await client.PostAsync("/admin/run", TestWebServer.Form(await TestWebServer.FormTokenAsync(client, "/admin")));
        var page = await WebPage.FromAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("No issue built", page.Heading);
        Assert.Contains(("/admin", "Back to admin"), page.Links);
        Assert.Empty(await _server.Store.ListDigestsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task The_preview_shows_the_reason_when_there_are_too_few_items()
    {
        using var client = await _server.SignedInClientAsync();

        using var response = await client.GetAsync("/admin/preview");

        var page = await WebPage.FromAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Equal("Nothing to preview", page.Heading);
        Assert.NotEmpty(page.One("main p")!.TextContent);
        Assert.Contains(("/admin", "Back to admin"), page.Links);
    }

    [Fact]
    public async Task Run_roundup_now_with_enough_items_publishes_issue_1_and_redirects_to_it()
    {
        _feeds.MapFile("/research.rss", EvaluationFeed.Rss(120, TimeProvider.System.GetUtcNow()));
        using var client = await _server.SignedInClientAsync();
        using var add = await client.PostAsync("/admin/sources", TestWebServer.Form(await TestWebServer.FormTokenAsync(client, "/admin"), ("url", _feeds.Url("/research.rss").AbsoluteUri), ("name", "Research")));

        using var response = await client.PostAsync("/admin/run", TestWebServer.Form(await TestWebServer.FormTokenAsync(client, "/admin")));
        var issue = await WebPage.GetAsync(client, "/digests/1");

        Assert.Equal(HttpStatusCode.SeeOther, add.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/digests/1", response.Headers.Location?.OriginalString);
        Assert.Equal("Some interesting things to start the week #1", issue.Heading);
        Assert.Contains(issue.Links, l => l.Href.StartsWith("https://research.example.org/posts/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_admin_page_lists_subscribers_and_nobody_else_sees_them()
    {
        await _server.Store.SubscribeAsync("reader@example.org", RoundupBot.Model.SubscriberStatus.Confirmed, TimeProvider.System.GetUtcNow(), CancellationToken.None);
        using var admin = await _server.SignedInClientAsync();
        using var stranger = _server.Client();

        var page = await WebPage.GetAsync(admin, "/admin");
        using var refused = await stranger.GetAsync("/admin/");

        Assert.Contains("Email: 1 confirmed, 0 waiting for confirmation, 0 unsubscribed, 0 paused.", page.Text);
        Assert.Equal(["email", "reader@example.org", "confirmed"], WebPage.RowWith(page.TableAfter("Subscribers"), "reader@example.org").Skip(1).Take(3));
        Assert.DoesNotContain("reader@example.org", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_admin_page_shows_each_issues_deliveries_and_the_ones_that_failed_with_the_reason()
    {
        var now = TimeProvider.System.GetUtcNow();
        foreach (var address in new[] { "ok@example.org", "bounce@example.org", "later@example.org" })
        {
            await _server.Store.SubscribeAsync(address, RoundupBot.Model.SubscriberStatus.Confirmed, now, CancellationToken.None);
        }

        await _server.Store.SaveDigestAsync(TestWebServer.SampleDigest(1), now, [RoundupBot.Model.DeliveryChannel.Email], CancellationToken.None);
        var outcomes = new RoundupBot.Model.DeliveryOutcome[]
        {
            RoundupBot.Model.DeliveryOutcome.Sent,
            new(RoundupBot.Model.DeliveryStatus.Failed, "550 5.1.1 <bounce@example.org>: User unknown", Bounce: true),
            new(RoundupBot.Model.DeliveryStatus.Pending, "451 4.3.0 Temporary lookup failure", new DateTimeOffset(2030, 1, 2, 3, 4, 0, TimeSpan.Zero)),
        };
        foreach (var outcome in outcomes)
        {
            var delivery = await _server.Store.ClaimDeliveryAsync(RoundupBot.Model.DeliveryChannel.Email, "test", now, TimeSpan.FromMinutes(1), CancellationToken.None);
            await _server.Store.CompleteDeliveryAsync(delivery!.Id, outcome, now, CancellationToken.None);
        }

        using var admin = await _server.SignedInClientAsync();
        var page = await WebPage.GetAsync(admin, "/admin");

        // Issue, channel, then sent, pending, sending, failed, interrupted, skipped.
        Assert.Equal(["#1", "email", "1", "1", "0", "1", "0", "0"], WebPage.RowWith(page.TableAfter("Deliveries"), "#1"));
        Assert.Contains(("/digests/1", "#1"), page.Links);
        var problems = page.TableAfter("Needing a look");
        Assert.Equal(["#1", "bounce@example.org", "failed", "1", "", "550 5.1.1 <bounce@example.org>: User unknown"], WebPage.RowWith(problems, "bounce@example.org"));
        Assert.Equal(["#1", "later@example.org", "retrying", "1", "2030-01-02 03:04 UTC", "451 4.3.0 Temporary lookup failure"], WebPage.RowWith(problems, "later@example.org"));
        Assert.Equal(2, problems.Count);
    }

    [Fact]
    public async Task A_source_name_a_subscriber_address_and_an_error_with_markup_and_quotes_show_as_text_on_the_admin_page()
    {
        const string name = "Evil <script>alert(1)</script> \"blog\" & 'co'";
        const string address = "\"><script>alert(2)</script>@example.org";
        const string error = "550 <img src=x onerror=alert(3)> \"rejected\"";
        _feeds.MapFile("/evil.rss", Rss("Plain blog", 1));
        var now = TimeProvider.System.GetUtcNow();
        await _server.Store.SubscribeAsync(address, RoundupBot.Model.SubscriberStatus.Confirmed, now, CancellationToken.None);
        await _server.Store.SaveDigestAsync(TestWebServer.SampleDigest(1), now, [RoundupBot.Model.DeliveryChannel.Email], CancellationToken.None);
        var delivery = await _server.Store.ClaimDeliveryAsync(RoundupBot.Model.DeliveryChannel.Email, "test", now, TimeSpan.FromMinutes(1), CancellationToken.None);
        await _server.Store.CompleteDeliveryAsync(delivery!.Id, new RoundupBot.Model.DeliveryOutcome(RoundupBot.Model.DeliveryStatus.Failed, error), now, CancellationToken.None);
        using var client = await _server.SignedInClientAsync();
        using var added = await client.PostAsync("/admin/sources", TestWebServer.Form(await TestWebServer.FormTokenAsync(client, "/admin"), ("url", _feeds.Url("/evil.rss").AbsoluteUri), ("name", name)));

        var html = await client.GetStringAsync("/admin");
        var page = WebPage.Parse(html);

        Assert.Equal(HttpStatusCode.SeeOther, added.StatusCode);
        Assert.Null(page.One("script"));
        Assert.Null(page.One("img"));
        Assert.DoesNotContain("<script>", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains((_feeds.Url("/evil.rss").AbsoluteUri, name), page.Links);
        Assert.Equal(address, WebPage.RowWith(page.TableAfter("Subscribers"), address)[2]);
        var problem = WebPage.RowWith(page.TableAfter("Needing a look"), address);
        Assert.Equal("failed", problem[2]);
        Assert.Equal(error, problem[5]);
    }

    [Fact]
    public async Task A_source_whose_address_is_not_http_is_listed_without_a_link()
    {
        await _server.Store.AddSourceAsync(new RoundupBot.Model.Source { Name = "Odd source", Url = "javascript:alert(1)" }, CancellationToken.None);
        using var client = await _server.SignedInClientAsync();

        var page = await WebPage.GetAsync(client, "/admin");

        Assert.Equal("Odd source", WebPage.RowWith(page.TableAfter("Sources"), "Odd source")[0]);
        Assert.DoesNotContain(page.Links, l => l.Href.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Admin_is_off_with_a_plain_404_when_no_token_is_configured()
    {
        await using var server = await TestWebServer.StartAsync(adminOn: false);
        using var client = server.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "anything-at-all-0123");

        using var response = await client.GetAsync("/admin");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("admin is off: set Admin:Token", await response.Content.ReadAsStringAsync());
    }

    private static string Rss(string title, int items) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>{title}</title><link>https://blog.example.org/</link><description>d</description>
        {string.Concat(Enumerable.Range(1, items).Select(i => $"<item><title>{title} post {i}</title><link>https://blog.example.org/{i}</link><guid>https://blog.example.org/{i}</guid></item>"))}
        </channel></rss>
        """;
}
