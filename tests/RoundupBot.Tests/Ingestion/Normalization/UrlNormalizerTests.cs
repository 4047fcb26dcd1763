using RoundupBot.Ingestion.Normalization;

namespace RoundupBot.Tests.Ingestion.Normalization;

public class UrlNormalizerTests
{
    [Theory]
    [InlineData("https://example.org/post?utm_source=rss&utm_medium=feed", "https://example.org/post")]
    [InlineData("https://example.org/post?id=7&utm_campaign=x&page=2", "https://example.org/post?id=7&page=2")]
    [InlineData("https://example.org/post?UTM_Source=x", "https://example.org/post")]
    [InlineData("https://example.org/post?fbclid=abc", "https://example.org/post")]
    [InlineData("https://example.org/post?gclid=abc&dclid=d&msclkid=m&yclid=y", "https://example.org/post")]
    [InlineData("https://example.org/post?mc_cid=1&mc_eid=2", "https://example.org/post")]
    [InlineData("https://example.org/post?igshid=1", "https://example.org/post")]
    [InlineData("https://example.org/post?ref=hn&x=1", "https://example.org/post?x=1")]
    [InlineData("https://example.org/post?ref_src=twsrc", "https://example.org/post")]
    [InlineData("https://example.org/post?_hsenc=a&_hsmi=b", "https://example.org/post")]
    [InlineData("https://example.org/post?spm=a.b.c", "https://example.org/post")]
    [InlineData("https://example.org/post#comments", "https://example.org/post")]
    [InlineData("https://EXAMPLE.org/Post", "https://example.org/Post")]
    [InlineData("https://example.org:443/post", "https://example.org/post")]
    [InlineData("http://example.org:80/post", "http://example.org/post")]
    [InlineData("http://example.org:8080/post", "http://example.org:8080/post")]
    [InlineData("https://user:secret@example.org/post", "https://example.org/post")]
    [InlineData("  https://example.org/post  ", "https://example.org/post")]
    [InlineData("https://example.org", "https://example.org/")]
    [InlineData("https://example.org/post?b=2&a=1", "https://example.org/post?b=2&a=1")]
    [InlineData("https://example.org/post?&&a=1", "https://example.org/post?a=1")]
    [InlineData("https://www.example.org/post/", "https://www.example.org/post/")]
    public void Cleans_links_for_readers(string url, string expected)
    {
        Assert.Equal(expected, UrlNormalizer.Clean(url));
    }

    [Theory]
    [InlineData("ftp://example.org/file")]
    [InlineData("mailto:someone@example.org")]
    [InlineData("/relative/path")]
    [InlineData("example.org/post")]
    [InlineData("")]
    [InlineData("javascript:alert(1)")]
    public void Refuses_anything_but_absolute_http_links(string url)
    {
        Assert.Null(UrlNormalizer.Clean(url));
    }

    [Theory]
    [InlineData("https://example.org/path", "example.org/path")]
    [InlineData("http://example.org/path", "example.org/path")]
    [InlineData("https://www.example.org/path/", "example.org/path")]
    [InlineData("https://WWW.Example.ORG/path?utm_source=x", "example.org/path")]
    [InlineData("https://example.org/path?b=2&a=1&utm_medium=rss", "example.org/path?a=1&b=2")]
    [InlineData("https://example.org/", "example.org")]
    [InlineData("https://example.org:8443/a/", "example.org:8443/a")]
    [InlineData("https://example.org/a#frag", "example.org/a")]
    public void Builds_scheme_less_comparison_keys(string url, string expected)
    {
        Assert.Equal(expected, UrlNormalizer.Key(url));
    }

    [Fact]
    public void Gives_the_same_key_to_variants_of_one_page()
    {
        var keys = new[]
        {
            "https://www.example.org/blog/post/?utm_source=twitter&b=2&a=1",
            "http://example.org/blog/post?a=1&b=2#top",
            "https://EXAMPLE.org:443/blog/post?fbclid=xyz&a=1&b=2",
        }.Select(UrlNormalizer.Key).Distinct().ToList();

        Assert.Single(keys);
    }

    [Fact]
    public void Keeps_a_non_http_input_as_its_own_trimmed_key()
    {
        Assert.Equal("tag:example.org,2024:post-1", UrlNormalizer.Key(" tag:example.org,2024:post-1 "));
    }
}
