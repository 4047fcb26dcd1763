using System.Net;
using RoundupBot.Web;

namespace RoundupBot.Tests.Web;

/// <summary>Every response, whatever it is, carries the CSP, nosniff and no-referrer headers.</summary>
public sealed class SecurityHeadersTests : IAsyncLifetime
{
    private TestWebServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await TestWebServer.StartAsync(new() { ["Roundup:BaseUrl"] = "https://roundup.example.org" });
        await _server.SaveDigestAsync(1);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("GET", "/", HttpStatusCode.OK)]
    [InlineData("GET", "/digests/1", HttpStatusCode.OK)]
    [InlineData("GET", "/digests", HttpStatusCode.OK)]
    [InlineData("GET", "/feed.atom", HttpStatusCode.OK)]
    [InlineData("GET", "/subscribe", HttpStatusCode.OK)]
    [InlineData("GET", "/healthz", HttpStatusCode.OK)]
    [InlineData("GET", "/admin/signin", HttpStatusCode.OK)]
    [InlineData("GET", "/admin", HttpStatusCode.Unauthorized)]
    [InlineData("POST", "/admin/signin", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/digests/99", HttpStatusCode.NotFound)]
    [InlineData("GET", "/no/such/page", HttpStatusCode.NotFound)]
    [InlineData("POST", "/discord/interactions", HttpStatusCode.NotFound)]
    [InlineData("GET", "/discord/add", HttpStatusCode.NotFound)]
    public async Task Every_response_carries_the_security_headers(string method, string path, HttpStatusCode expected)
    {
        using var client = _server.Client();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/digests/1")]
    [InlineData("/digests")]
    [InlineData("/subscribe")]
    [InlineData("/unsubscribe?token=abc")]
    [InlineData("/admin/signin")]
    [InlineData("/admin")]
    [InlineData("/admin/preview")]
    public async Task A_page_needs_nothing_the_policy_forbids(string path)
    {
        using var client = _server.Client();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestWebServer.Token);

        var page = await WebPage.GetAsync(client, path);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        // No script, frame or object at all; styles only inline; links to other files only the Atom feed's alternate.
        Assert.Empty(page.Document.QuerySelectorAll("script, iframe, object, embed, [style*='url(']"));
        Assert.All(page.Document.QuerySelectorAll("link"), l => Assert.Equal("alternate", l.GetAttribute("rel")));
        Assert.All(page.Document.QuerySelectorAll("img[src]"), i => Assert.False(Uri.TryCreate(i.GetAttribute("src"), UriKind.Absolute, out _), i.GetAttribute("src")));
        Assert.DoesNotContain(page.Document.All, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)));
        Assert.All(page.Document.Forms, f => Assert.StartsWith("/", f.GetAttribute("action")));
        Assert.NotEmpty(page.Document.QuerySelectorAll("head style"));
    }

    [Fact]
    public async Task A_304_carries_them_too()
    {
        using var client = _server.Client();
        using var first = await client.GetAsync("/digests/1");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/digests/1");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        using var second = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, Assert.Single(second.Headers.GetValues("Content-Security-Policy")));
    }

    [Fact]
    public void The_policy_is_the_strict_one_the_design_names()
    {
        Assert.Equal("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'", SecurityHeaders.ContentSecurityPolicy);
    }
}
