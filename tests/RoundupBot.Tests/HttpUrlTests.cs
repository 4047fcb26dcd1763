namespace RoundupBot.Tests;

public sealed class HttpUrlTests
{
    [Theory]
    [InlineData("https://example.org/a?b=c#d")]
    [InlineData("http://example.org")]
    [InlineData("  https://example.org/padded  ")]
    public void Accepts_absolute_http_and_https_urls_with_a_host(string url) => Assert.NotNull(HttpUrl.TryParse(url));

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("mailto:someone@example.org")]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://example.org/feed.xml")]
    [InlineData("/relative/path")]
    [InlineData("")]
    [InlineData(null)]
    public void Refuses_every_other_url(string? url) => Assert.False(HttpUrl.IsValid(url));

    [Fact]
    public void Answers_each_url_for_itself_however_the_calls_alternate()
    {
        string[] urls = ["https://a.example/1", "javascript:alert(1)", "http://b.example/2", "https://a.example/1", "mailto:x@y.example"];

        var answers = Enumerable.Range(0, 3).SelectMany(_ => urls).Select(url => HttpUrl.TryParse(url)?.AbsoluteUri).ToList();

        Assert.Equal(
            Enumerable.Repeat<string?[]>(["https://a.example/1", null, "http://b.example/2", "https://a.example/1", null], 3).SelectMany(a => a),
            answers);
    }
}
