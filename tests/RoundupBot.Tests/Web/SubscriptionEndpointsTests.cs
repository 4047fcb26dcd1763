using System.Net.Sockets;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using RoundupBot.Model;
using RoundupBot.Publishing.Email;
using RoundupBot.Subscriptions.Email;
using RoundupBot.Tests.Publishing.Email;
using RoundupBot.Tests.Subscriptions.Email;
using RoundupBot.Tests.TestSupport;

namespace RoundupBot.Tests.Web;

public sealed partial class SubscriptionEndpointsTests : IAsyncLifetime
{
    private const string SigningKey = "a-signing-key-for-tests-only-0123456789";
    private const int ClientLimit = 6;
    private const int AddressLimit = 3;

    private SmtpSink _sink = null!;
    private TestWebServer _server = null!;

    public async Task InitializeAsync()
    {
        _sink = await SmtpSink.StartAsync();
        _server = await StartServerAsync(_sink.Port);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _sink.DisposeAsync();
    }

    [Fact]
    public async Task Subscribing_mails_a_confirmation_link_and_only_the_pages_button_confirms()
    {
        using var client = _server.Client();

        using var response = await SubscribeAsync(client, "ada@example.org");
        await _sink.WaitForCountAsync(1);
        var email = Assert.Single(_sink.Received);
        var link = new Uri(ConfirmLink().Match(email.Message.TextBody ?? "").Value).PathAndQuery;
        var page = await WebPage.GetAsync(client, link);
        var afterPage = await _server.Store.FindSubscriberAsync("ada@example.org", CancellationToken.None);
        using var confirm = await ConfirmAsync(client, page);
        using var replay = await ConfirmAsync(client, page);
        var confirmed = await _server.Store.FindSubscriberAsync("ada@example.org", CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Check your inbox", (await WebPage.FromAsync(response)).Heading);
        Assert.Equal(["ada@example.org"], email.Recipients);
        Assert.StartsWith("Confirm your subscription", email.Message.Subject);
        Assert.Null(email.Message.Headers["List-Unsubscribe"]);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Confirm your subscription", page.Heading);
        Assert.Equal("post", page.Form("/confirm").Method);
        Assert.Equal("Confirm my subscription", page.Form("/confirm").QuerySelector("button[type=submit]")?.TextContent);
        Assert.Equal(SubscriberStatus.Pending, afterPage!.Status);
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        var subscribed = await WebPage.FromAsync(confirm);
        Assert.Equal("You're subscribed", subscribed.Heading);
        Assert.Equal("Subscribed", subscribed.Title);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(SubscriberStatus.Confirmed, confirmed!.Status);
    }

    [Fact]
    public async Task A_link_scanner_opening_the_confirmation_link_confirms_nothing()
    {
        using var client = _server.Client();
        using var subscribed = await SubscribeAsync(client, "ada@example.org");
        await _sink.WaitForCountAsync(1);
        var link = new Uri(ConfirmLink().Match(Assert.Single(_sink.Received).Message.TextBody ?? "").Value).PathAndQuery;

        // Scanners fetch links without cookies, often several times, and HEAD them too.
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Get, HttpMethod.Head })
        {
            using var scanner = _server.Client(followRedirects: true);
            using var request = new HttpRequestMessage(method, link);
            using var response = await scanner.SendAsync(request);
            Assert.True(method == HttpMethod.Head || response.StatusCode == HttpStatusCode.OK, $"{method}: {response.StatusCode}");
        }

        Assert.Equal(SubscriberStatus.Pending, (await _server.Store.FindSubscriberAsync("ada@example.org", CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task A_confirm_post_without_the_form_token_confirms_nothing()
    {
        using var client = _server.Client();
        using var subscribed = await SubscribeAsync(client, "ada@example.org");
        await _sink.WaitForCountAsync(1);
        var link = new Uri(ConfirmLink().Match(Assert.Single(_sink.Received).Message.TextBody ?? "").Value);
        var token = Uri.UnescapeDataString(link.Query["?token=".Length..]);

        using var forged = await _server.Client().PostAsync("/confirm", TestWebServer.Form(null, ("token", token)));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(SubscriberStatus.Pending, (await _server.Store.FindSubscriberAsync("ada@example.org", CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task The_page_never_reveals_whether_an_address_is_subscribed()
    {
        await _server.Store.SubscribeAsync("grace@example.org", SubscriberStatus.Confirmed, TimeProvider.System.GetUtcNow(), CancellationToken.None);
        using var client = _server.Client();

        using var known = await SubscribeAsync(client, "grace@example.org");
        using var unknown = await SubscribeAsync(client, "alan@example.org");
        // The queue is sent in order: once this one has arrived, anything queued before it has been sent too.
        using var marker = await SubscribeAsync(client, "marker@example.org");
        await _sink.WaitForCountAsync(2);

        Assert.Equal(known.StatusCode, unknown.StatusCode);
        Assert.Equal(await known.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync());
        Assert.Equal(["alan@example.org", "marker@example.org"], _sink.Received.SelectMany(e => e.Recipients));
    }

    [Fact]
    public async Task The_answer_comes_before_the_smtp_server_is_asked_anything_so_its_timing_tells_no_address_from_another()
    {
        // An SMTP server that accepts connections and never says a word: any request that waited for it would hang.
        using var stalled = new StalledSmtpServer();
        await using var server = await StartServerAsync(stalled.Port);
        await server.Store.SubscribeAsync("grace@example.org", SubscriberStatus.Confirmed, TimeProvider.System.GetUtcNow(), CancellationToken.None);
        using var client = server.Client();
        client.Timeout = TimeSpan.FromSeconds(20);

        using var known = await SubscribeAsync(client, "grace@example.org");
        using var unknown = await SubscribeAsync(client, "alan@example.org");
        var connectionsAtAnswer = stalled.Connections;
        await stalled.WaitForConnectionAsync();

        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Equal(await known.Content.ReadAsStringAsync(), await unknown.Content.ReadAsStringAsync());
        // The new address's email is sent in the background, after both answers (the server has said nothing yet).
        Assert.InRange(connectionsAtAnswer, 0, 1);
        Assert.Equal(1, stalled.Connections);
    }

    [Fact]
    public async Task Asking_again_for_a_pending_address_within_the_window_sends_nothing_new()
    {
        using var client = _server.Client();

        using var first = await SubscribeAsync(client, "ada@example.org");
        using var second = await SubscribeAsync(client, "ada@example.org");
        using var third = await SubscribeAsync(_server.Client(), "ADA@example.org");
        using var marker = await SubscribeAsync(client, "marker@example.org");
        await _sink.WaitForCountAsync(2);

        Assert.All(new[] { first, second, third }, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(["ada@example.org", "marker@example.org"], _sink.Received.SelectMany(e => e.Recipients));
        Assert.Single(await _server.Store.ListSubscribersAsync(CancellationToken.None), s => s.Address.Equals("ada@example.org", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task One_client_posting_past_its_limit_gets_429_with_retry_after_and_a_page_and_nothing_more_is_sent()
    {
        using var client = _server.Client();
        var token = await TestWebServer.FormTokenAsync(client, "/subscribe");
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < ClientLimit; i++)
        {
            using var response = await client.PostAsync("/subscribe", TestWebServer.Form(token, ("email", $"victim{i}@example.org")));
            answers.Add(response.StatusCode);
        }

        using var refused = await client.PostAsync("/subscribe", TestWebServer.Form(token, ("email", "one-more@example.org")));
        var page = await WebPage.FromAsync(refused);
        await _sink.WaitForCountAsync(ClientLimit);
        // Let the sender catch up with anything it might still have queued: nothing more may arrive.
        await Task.Delay(500);

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Assert.Equal("text/html", refused.Content.Headers.ContentType!.MediaType);
        Assert.Equal("Too many requests", page.Heading);
        Assert.Matches(@"Please try again in \d+ (seconds|minutes)\.", page.Text);
        Assert.Equal(ClientLimit, _sink.ReceivedCount);
        Assert.Null(await _server.Store.FindSubscriberAsync("one-more@example.org", CancellationToken.None));
    }

    [Fact]
    public async Task Requests_for_one_address_past_its_limit_get_429_whoever_sends_them_while_other_addresses_go_on()
    {
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i <= AddressLimit; i++)
        {
            // A fresh client (cookie jar and form token) each time, as an attacker spreading requests would use.
            using var client = _server.Client();
            using var response = await SubscribeAsync(client, i % 2 == 0 ? "victim@example.org" : "Victim@Example.org");
            answers.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.NotNull(response.Headers.RetryAfter?.Delta);
                Assert.Equal("Too many requests", (await WebPage.FromAsync(response)).Heading);
            }
        }

        using var other = await SubscribeAsync(_server.Client(), "someone-else@example.org");
        await _sink.WaitForCountAsync(2);

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, AddressLimit), HttpStatusCode.TooManyRequests], answers);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(["victim@example.org", "someone-else@example.org"], _sink.Received.SelectMany(e => e.Recipients));
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
    public async Task A_forged_confirmation_link_shows_no_button_and_confirms_nothing()
    {
        using var client = _server.Client();
        using var subscribed = await SubscribeAsync(client, "ada@example.org");
        await _sink.WaitForCountAsync(1);
        var link = new Uri(ConfirmLink().Match(Assert.Single(_sink.Received).Message.TextBody ?? "").Value).PathAndQuery;
        var forgedLink = link[..^3] + (link[^3] == 'A' ? "B" : "A") + link[^2..];

        using var forged = await client.GetAsync(forgedLink);
        using var garbage = await client.GetAsync("/confirm?token=not-a-token");
        var formToken = await TestWebServer.FormTokenAsync(client, "/subscribe");
        using var forgedPost = await client.PostAsync("/confirm", TestWebServer.Form(formToken, ("token", Uri.UnescapeDataString(forgedLink["/confirm?token=".Length..]))));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        var forgedPage = await WebPage.FromAsync(forged);
        Assert.Equal("This link is not valid", forgedPage.Heading);
        Assert.Null(forgedPage.One("button"));
        Assert.Empty(forgedPage.Document.Forms);
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, forgedPost.StatusCode);
        Assert.Equal(SubscriberStatus.Pending, (await _server.Store.FindSubscriberAsync("ada@example.org", CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task A_hostile_token_in_an_unsubscribe_link_stays_inside_the_forms_address()
    {
        const string token = "\"><script>alert(1)</script>'";
        var path = "/unsubscribe?token=" + Uri.EscapeDataString(token);
        using var client = _server.Client();

        using var response = await client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        var page = WebPage.Parse(html);
        using var pressed = await client.PostAsync(path, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(page.One("script"));
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Equal(path, Assert.Single(page.Document.Forms).GetAttribute("action"));
        Assert.Equal(HttpStatusCode.BadRequest, pressed.StatusCode);
        Assert.Equal("This link is not valid", (await WebPage.FromAsync(pressed)).Heading);
    }

    [Fact]
    public async Task The_subscribe_page_has_an_email_form_and_a_bad_address_gets_a_400_page_that_says_so()
    {
        using var client = _server.Client();

        var page = await WebPage.GetAsync(client, "/subscribe");
        var form = page.Form("/subscribe");
        using var bad = await client.PostAsync("/subscribe", TestWebServer.Form(WebPage.Field(form, "__RequestVerificationToken"), ("email", "\"><script>alert(1)</script>")));
        var answer = await WebPage.FromAsync(bad);

        Assert.Equal("Subscribe", page.Heading);
        var email = Assert.Single(form.Elements.OfType<AngleSharp.Html.Dom.IHtmlInputElement>(), i => i.Name == "email");
        Assert.Equal("email", email.Type);
        Assert.True(email.IsRequired);
        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("That is not an email address", answer.Heading);
        Assert.Equal("Subscribe", answer.Title);
        Assert.Null(answer.One("script"));
    }

    [Fact]
    public async Task Confirm_and_unsubscribe_links_carry_no_address()
    {
        using var client = _server.Client();
        using var subscribed = await SubscribeAsync(client, "ada.lovelace@example.org");
        await _sink.WaitForCountAsync(1);
        var ada = (await _server.Store.FindSubscriberAsync("ada.lovelace@example.org", CancellationToken.None))!;
        var confirm = ConfirmLink().Match(Assert.Single(_sink.Received).Message.TextBody ?? "").Value;
        var unsubscribe = _server.Services.GetRequiredService<SubscriptionService>().UnsubscribeUrl(ada, "https://roundup.example.org");

        foreach (var link in new[] { confirm, unsubscribe })
        {
            var token = link[(link.IndexOf("token=", StringComparison.Ordinal) + "token=".Length)..];
            var bytes = System.Buffers.Text.Base64Url.DecodeFromChars(token);
            Assert.Equal(-1, bytes.AsSpan().IndexOf("lovelace"u8));
            Assert.DoesNotContain("lovelace", link, StringComparison.OrdinalIgnoreCase);
        }
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

        var page = await WebPage.GetAsync(client, link);
        using var oneClick = await client.PostAsync(link, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        using var again = await client.PostAsync(link, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        using var tampered = await client.PostAsync(link.Replace("token=", "token=x", StringComparison.Ordinal), new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));

        var button = page.Form(link).QuerySelector("button[type=submit]");
        Assert.Equal("Unsubscribe", button?.TextContent);
        Assert.Equal("One-Click", WebPage.Field(page.Form(link), "List-Unsubscribe"));
        Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tampered.StatusCode);
        Assert.Equal(SubscriberStatus.Unsubscribed, (await _server.Store.GetSubscriberAsync(ada.Id, CancellationToken.None))!.Status);
        Assert.Equal(SubscriberStatus.Confirmed, (await _server.Store.GetSubscriberAsync(grace.Id, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task The_unsubscribe_link_of_an_issue_sent_before_opaque_tokens_still_unsubscribes_its_own_subscriber_only()
    {
        var now = TimeProvider.System.GetUtcNow();
        var (ada, _) = await _server.Store.SubscribeAsync("ada@example.org", SubscriberStatus.Confirmed, now, CancellationToken.None);
        var (grace, _) = await _server.Store.SubscribeAsync("grace@example.org", SubscriberStatus.Confirmed, now, CancellationToken.None);
        var legacy = SubscriptionTokensTests.LegacyToken(TokenPurpose.Unsubscribe, ada.Id, "ada@example.org", expiry: 0, SigningKey);
        var forGraceId = SubscriptionTokensTests.LegacyToken(TokenPurpose.Unsubscribe, grace.Id, "ada@example.org", expiry: 0, SigningKey);
        using var client = _server.Client();

        using var wrongAddress = await client.PostAsync("/unsubscribe?token=" + forGraceId, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        using var oneClick = await client.PostAsync("/unsubscribe?token=" + legacy, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));

        Assert.Equal(HttpStatusCode.BadRequest, wrongAddress.StatusCode);
        Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);
        Assert.Equal(SubscriberStatus.Unsubscribed, (await _server.Store.GetSubscriberAsync(ada.Id, CancellationToken.None))!.Status);
        Assert.Equal(SubscriberStatus.Confirmed, (await _server.Store.GetSubscriberAsync(grace.Id, CancellationToken.None))!.Status);
    }

    private static Task<TestWebServer> StartServerAsync(int smtpPort) => TestWebServer.StartAsync(new Dictionary<string, string?>
    {
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:Smtp:Security"] = "None",
        ["Email:From"] = "Roundup <roundup@example.org>",
        ["Email:MessagesPerSecond"] = "0",
        ["Email:Subscribe:ClientLimit"] = ClientLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:Subscribe:AddressLimit"] = AddressLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Security:SigningKey"] = SigningKey,
        // Required once email is on (the issue's links point there); the tests follow links by path only.
        ["Roundup:BaseUrl"] = "https://roundup.example.org",
    });

    private static async Task<HttpResponseMessage> SubscribeAsync(HttpClient client, string address) =>
        await client.PostAsync("/subscribe", TestWebServer.Form(await TestWebServer.FormTokenAsync(client, "/subscribe"), ("email", address)));

    /// <summary>Presses the confirm page's button: posts its form (hidden token and form token) as a browser would.</summary>
    private static async Task<HttpResponseMessage> ConfirmAsync(HttpClient client, WebPage page)
    {
        var form = page.Form("/confirm");
        var formToken = WebPage.Field(form, "__RequestVerificationToken");
        var token = WebPage.Field(form, "token");
        Assert.False(string.IsNullOrEmpty(token));
        return await client.PostAsync("/confirm", TestWebServer.Form(formToken, ("token", token)));
    }

    [GeneratedRegex(@"https?://\S+/confirm\?token=\S+")]
    private static partial Regex ConfirmLink();

    /// <summary>A TCP server on loopback that accepts connections and never answers: an SMTP server stuck before its greeting.</summary>
    private sealed class StalledSmtpServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly List<TcpClient> _accepted = [];
        private readonly SemaphoreSlim _connected = new(0);

        public StalledSmtpServer()
        {
            _listener.Start();
            _ = AcceptAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public int Connections
        {
            get
            {
                lock (_accepted)
                {
                    return _accepted.Count;
                }
            }
        }

        public async Task WaitForConnectionAsync() =>
            Assert.True(await _connected.WaitAsync(TimeSpan.FromSeconds(20)), "nothing connected to the SMTP server");

        public void Dispose()
        {
            _listener.Stop();
            lock (_accepted)
            {
                _accepted.ForEach(c => c.Dispose());
            }

            _connected.Dispose();
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    var client = await _listener.AcceptTcpClientAsync();
                    lock (_accepted)
                    {
                        _accepted.Add(client);
                    }

                    _connected.Release();
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // Stopped.
            }
        }
    }
}
