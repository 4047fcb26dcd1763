using System.Text;
using RoundupBot.Ingestion.Parsing;

namespace RoundupBot.Tests.Ingestion.Parsing;

public class FeedDiscoveryTests
{
    [Fact]
    public void Lists_rss_then_atom_then_json_resolved_against_the_base_and_deduplicated()
    {
        var html = Encoding.UTF8.GetString(Fixtures.Bytes("page-with-feeds.html"));

        var feeds = FeedDiscovery.FindFeeds(html, new Uri("https://www.example.com/elsewhere/"));

        Assert.Equal(
            [
                new DiscoveredFeed(new Uri("https://lab.example.com/blog/feed.xml"), "RSS", "application/rss+xml"),
                new DiscoveredFeed(new Uri("https://lab.example.com/blog/feed.atom"), "Atom", "application/atom+xml"),
                new DiscoveredFeed(new Uri("https://lab.example.com/feed.json"), "JSON", "application/feed+json"),
            ],
            feeds);
    }

    [Fact]
    public void Finds_nothing_on_a_page_without_feed_links()
    {
        var html = Encoding.UTF8.GetString(Fixtures.Bytes("page-without-feeds.html"));

        Assert.Empty(FeedDiscovery.FindFeeds(html, new Uri("https://lab.example.com/")));
    }
}
