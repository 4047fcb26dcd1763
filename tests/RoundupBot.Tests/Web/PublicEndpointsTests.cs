using System.Net;
using System.Text.Json;
using System.Xml.Linq;

namespace RoundupBot.Tests.Web;

public sealed class PublicEndpointsTests : IAsyncLifetime
{
    private TestWebServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestWebServer.StartAsync(new() { ["Roundup:BaseUrl"] = "https://roundup.example.org" });
        await _server.SaveDigestAsync(1);
        await _server.SaveDigestAsync(2);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("/", 2)]
    [InlineData("/digests/1", 1)]
    [InlineData("/digests/2", 2)]
    public async Task An_issue_page_shows_the_title_every_section_with_its_emoji_and_the_links(string path, int number)
    {
        using var client = _server.Client();

        using var response = await client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"<h1>Some interesting things to start the week #{number}</h1>", html);
        Assert.Contains("<h2>🧠 Reasoning</h2>", html);
        Assert.Contains("<h2>⚡ Efficient inference</h2>", html);
        Assert.Contains("<h2>🤖 Agents</h2>", html);
        Assert.Contains("href=\"https://example.org/1\"", html);
        Assert.Contains("<meta name=\"viewport\"", html);
        Assert.Contains("<html lang=\"en\">", html);
        Assert.Contains("prefers-color-scheme:dark", html);
    }

    [Fact]
    public async Task Feed_text_is_escaped_never_turned_into_markup()
    {
        using var client = _server.Client();

        var html = await client.GetStringAsync("/digests/1");

        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.DoesNotContain("<b>one</b>", html);
    }

    [Fact]
    public async Task An_issue_page_carries_its_content_hash_as_ETag_and_answers_304_when_it_matches()
    {
        using var client = _server.Client();
        var digest = await _server.Store.GetDigestAsync(1, CancellationToken.None);

        using var first = await client.GetAsync("/digests/1");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/digests/1");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await client.SendAsync(request);

        Assert.Equal($"\"{digest!.ContentHash}\"", first.Headers.ETag?.Tag);
        Assert.Equal(TimeSpan.FromSeconds(300), first.Headers.CacheControl?.MaxAge);
        Assert.True(first.Headers.CacheControl?.Public);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/digests/99")]
    [InlineData("/digests/0")]
    [InlineData("/digests/-1")]
    [InlineData("/digests/abc")]
    [InlineData("/digests/..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/digests/1%2F..%2F..%2Fappsettings.json")]
    [InlineData("/nothing/here")]
    public async Task An_unknown_issue_or_a_path_that_is_not_a_number_is_a_plain_404(string path)
    {
        using var client = _server.Client();

        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("root:", body);
        Assert.DoesNotContain("<html", body);
    }

    [Fact]
    public async Task The_archive_lists_every_issue_newest_first()
    {
        using var client = _server.Client();

        var page = await WebPage.GetAsync(client, "/digests");

        Assert.Equal("Archive", page.Heading);
        var issues = page.Document.QuerySelectorAll("main li").Select(li => WebPage.Collapse(li.TextContent)).ToList();
        Assert.Equal(
            ["Some interesting things to start the week #2 15 Jun – 22 Jun 2026", "Some interesting things to start the week #1 8 Jun – 15 Jun 2026"],
            issues);
        Assert.Equal(["/digests/2", "/digests/1"], page.Document.QuerySelectorAll("main li a").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public async Task The_archive_without_issues_says_so()
    {
        await using var empty = await TestWebServer.StartAsync();
        using var client = empty.Client();

        var page = await WebPage.GetAsync(client, "/digests");
        var front = await WebPage.GetAsync(client, "/");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Archive No issues yet.", page.Text);
        Assert.Equal(HttpStatusCode.OK, front.Status);
        Assert.Equal("No issues yet", front.Heading);
        Assert.Contains("The first roundup has not been published.", front.Text);
    }

    [Fact]
    public async Task The_Atom_feed_is_valid_Atom_with_one_entry_per_issue()
    {
        using var client = _server.Client();

        using var response = await client.GetAsync("/feed.atom");
        var document = XDocument.Parse(await response.Content.ReadAsStringAsync());

        XNamespace atom = "http://www.w3.org/2005/Atom";
        var feed = document.Root!;
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(atom + "feed", feed.Name);
        Assert.False(string.IsNullOrEmpty(feed.Element(atom + "id")?.Value));
        Assert.False(string.IsNullOrEmpty(feed.Element(atom + "title")?.Value));
        Assert.True(DateTimeOffset.TryParse(feed.Element(atom + "updated")?.Value, out _));
        Assert.Contains(feed.Elements(atom + "link"), l => (string?)l.Attribute("rel") == "self" && ((string?)l.Attribute("href"))!.EndsWith("/feed.atom", StringComparison.Ordinal));
        Assert.Contains(feed.Elements(atom + "link"), l => (string?)l.Attribute("rel") == "alternate");
        var entries = feed.Elements(atom + "entry").ToList();
        Assert.Equal(2, entries.Count);
        Assert.EndsWith("/digests/2", entries[0].Element(atom + "id")!.Value);
        Assert.Equal("html", (string?)entries[0].Element(atom + "content")!.Attribute("type"));
        Assert.Contains("<h2>🧠 Reasoning</h2>", entries[0].Element(atom + "content")!.Value);
        Assert.All(entries, e => Assert.NotNull(e.Element(atom + "updated")));
    }

    [Fact]
    public async Task The_feed_links_point_at_the_base_url_whatever_Host_header_the_request_forges()
    {
        using var client = _server.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/feed.atom");
        request.Headers.Host = "evil.example";

        using var response = await client.SendAsync(request);
        var feed = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("evil.example", feed, StringComparison.Ordinal);
        Assert.Contains("href=\"https://roundup.example.org/digests/2\"", feed, StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl?.Public);
    }

    [Fact]
    public async Task Without_a_base_url_links_stay_relative_and_no_page_is_cached_public()
    {
        await using var server = await TestWebServer.StartAsync();
        await server.SaveDigestAsync(1);
        using var client = server.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/feed.atom");
        request.Headers.Host = "evil.example";

        using var feedResponse = await client.SendAsync(request);
        var feed = XDocument.Parse(await feedResponse.Content.ReadAsStringAsync());
        using var issue = await client.GetAsync("/digests/1");
        using var latest = await client.GetAsync("/");

        XNamespace atom = "http://www.w3.org/2005/Atom";
        var entry = Assert.Single(feed.Root!.Elements(atom + "entry"));
        Assert.DoesNotContain("evil.example", feed.ToString(), StringComparison.Ordinal);
        Assert.Equal("/digests/1", (string?)entry.Element(atom + "link")!.Attribute("href"));
        Assert.Equal("urn:roundupbot:issue:1", entry.Element(atom + "id")!.Value);
        foreach (var response in new[] { feedResponse, issue, latest })
        {
            Assert.False(response.Headers.CacheControl?.Public, response.RequestMessage?.RequestUri?.ToString());
            Assert.True(response.Headers.CacheControl?.Private);
        }
    }

    [Fact]
    public async Task The_subscribe_page_says_email_is_not_configured_when_it_is_not()
    {
        using var client = _server.Client();

        var page = await WebPage.GetAsync(client, "/subscribe");

        Assert.Equal("Subscribe", page.Heading);
        Assert.Contains("Email delivery is not configured on this server.", page.Text);
        Assert.Contains(("/feed.atom", "Atom feed"), page.Links);
        Assert.Empty(page.Document.Forms);
    }

    [Theory]
    [InlineData("GET", "/confirm?token=v2.abc.def")]
    [InlineData("POST", "/unsubscribe?token=v2.abc.def")]
    public async Task A_subscription_link_on_a_server_without_email_is_a_404_page_not_a_server_error(string method, string path)
    {
        using var client = _server.Client();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        using var response = await client.SendAsync(request);
        var page = await WebPage.FromAsync(response);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Email delivery is not configured on this server", page.Heading);
    }

    [Fact]
    public async Task Healthz_reports_the_store_and_the_pipeline_as_JSON()
    {
        using var client = _server.Client();

        using var response = await client.GetAsync("/healthz");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        var checks = json.RootElement.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal("Healthy", checks["store"].GetProperty("status").GetString());
        Assert.Contains("last roundup #2", checks["pipeline"].GetProperty("description").GetString());
    }
}
