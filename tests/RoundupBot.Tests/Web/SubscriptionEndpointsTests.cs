using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using RoundupBot.Model;
using RoundupBot.Publishing.Email;
using RoundupBot.Tests.Publishing.Email;
using RoundupBot.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

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
        using var page = await client.GetAsync(link);
        var pageHtml = await page.Content.ReadAsStringAsync();
        var afterPage = await _server.Store.FindSubscriberAsync("ada@example.org", CancellationToken.None);
        using var confirm = await ConfirmAsync(client, pageHtml);
        using var replay = await ConfirmAsync(client, pageHtml);
        var confirmed = await _server.Store.FindSubscriberAsync("ada@example.org", CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Check your inbox", await response.Content.ReadAsStringAsync());
        Assert.Equal(["ada@example.org"], email.Recipients);
        Assert.StartsWith("Confirm your subscription", email.Message.Subject);
        Assert.Null(email.Message.Headers["List-Unsubscribe"]);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<form method=\"post\" action=\"/confirm\">", pageHtml);
        Assert.Contains("<button type=\"submit\">Confirm my subscription</button>", pageHtml);
        Assert.Equal(SubscriberStatus.Pending, afterPage!.Status);
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Contains("You're subscribed", await confirm.Content.ReadAsStringAsync());
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
        var page = await refused.Content.ReadAsStringAsync();
        await _sink.WaitForCountAsync(ClientLimit);
        // Let the sender catch up with anything it might still have queued: nothing more may arrive.
        await Task.Delay(500);

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Assert.Equal("text/html", refused.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Too many requests", page);
        Assert.Contains("try again in", page);
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
                Assert.Contains("Too many requests", await response.Content.ReadAsStringAsync());
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
        Assert.DoesNotContain("<button", await forged.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, forgedPost.StatusCode);
        Assert.Equal(SubscriberStatus.Pending, (await _server.Store.FindSubscriberAsync("ada@example.org", CancellationToken.None))!.Status);
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
    private static async Task<HttpResponseMessage> ConfirmAsync(HttpClient client, string pageHtml)
    {
        var formToken = WebUtility.HtmlDecode(FormField().Match(pageHtml).Groups[1].Value);
        var token = WebUtility.HtmlDecode(TokenField().Match(pageHtml).Groups[1].Value);
        Assert.NotEmpty(token);
        return await client.PostAsync("/confirm", TestWebServer.Form(formToken, ("token", token)));
    }

    [GeneratedRegex(@"https?://\S+/confirm\?token=\S+")]
    private static partial Regex ConfirmLink();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex FormField();

    [GeneratedRegex("name=\"token\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

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
