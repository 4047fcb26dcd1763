using System.Diagnostics;
using System.Text;
using RoundupBot.Ingestion.Parsing;
using RoundupBot.Model;

namespace RoundupBot.Tests.Ingestion.Parsing;

public class FeedParserTests
{
    private readonly FeedParser _parser = new();

    [Fact]
    public void Reads_arxiv_ids_without_versions_from_the_api_feed()
    {
        var feed = _parser.Parse(Fixtures.Document("arxiv-api.atom", "http://export.arxiv.org/api/query?search_query=cat:cs.CL"));

        Assert.Equal(FeedKind.Arxiv, feed.Kind);
        Assert.Equal(2, feed.Entries.Count);
        var paper = feed.Entries[0];
        Assert.Equal("Small Language Models Are Running Out of Data: A Survey of Synthetic Pre-training Corpora", paper.Title);
        Assert.Equal("http://arxiv.org/abs/2401.01234v2", paper.Link);
        Assert.Equal("http://arxiv.org/abs/2401.01234v2", paper.EntryId);
        Assert.StartsWith("We survey synthetic data for pre-training small language models. We find that the supply", paper.Summary);
        Assert.Contains("exhausted & argue", paper.Summary);
        Assert.Equal(["Alice Smith", "Bob Jones"], paper.Authors);
        Assert.Equal(new DateTimeOffset(2024, 1, 3, 9, 15, 44, TimeSpan.Zero), paper.Published);
        Assert.Equal(new DateTimeOffset(2024, 1, 12, 18, 31, 2, TimeSpan.Zero), paper.Updated);
        Assert.Equal("10.1234/example.2024.5678", paper.Doi);
        var arxiv = Assert.IsType<ArxivMetadata>(paper.Arxiv);
        Assert.Equal("2401.01234", arxiv.Id);
        Assert.Equal(2, arxiv.Version);
        Assert.Equal("cs.CL", arxiv.PrimaryCategory);
        Assert.Equal(["cs.CL", "cs.LG", "I.2.7"], arxiv.Categories);
        Assert.Equal("12 pages, 4 figures; v2 fixes a typo in Table 3", arxiv.Comment);
        Assert.Equal("Trans. Example Linguistics 12 (2024) 1-12", arxiv.JournalRef);
    }

    [Fact]
    public void Reads_old_style_arxiv_ids()
    {
        var feed = _parser.Parse(Fixtures.Document("arxiv-api.atom"));

        var arxiv = feed.Entries[1].Arxiv!;
        Assert.Equal("hep-th/9901001", arxiv.Id);
        Assert.Equal(1, arxiv.Version);
        Assert.Equal(["hep-th"], arxiv.Categories);
    }

    [Fact]
    public void Reads_the_arxiv_listing_feed_and_strips_the_announcement_prefix()
    {
        var feed = _parser.Parse(Fixtures.Document("arxiv-listing.rss", "https://rss.arxiv.org/rss/cs.CL"));

        Assert.Equal(FeedKind.Arxiv, feed.Kind);
        Assert.Equal("cs.CL updates on arXiv.org", feed.Title);
        var paper = feed.Entries[0];
        Assert.Equal("https://arxiv.org/abs/2401.01234", paper.Link);
        Assert.Equal("We survey synthetic data for pre-training small language models.", paper.Summary);
        Assert.Equal(["Alice Smith", "Bob Jones", "Carol White"], paper.Authors);
        Assert.Equal(new DateTimeOffset(2024, 1, 16, 5, 0, 0, TimeSpan.Zero), paper.Published);
        Assert.Equal("10.1234/example.2024.5678", paper.Doi);
        Assert.Equal("2401.01234", paper.Arxiv!.Id);
        Assert.Equal(2, paper.Arxiv.Version);
        Assert.Equal("cs.CL", paper.Arxiv.PrimaryCategory);
        Assert.Equal(["cs.CL", "cs.LG"], paper.Arxiv.Categories);
        Assert.Equal("Trans. Example Linguistics 12 (2024) 1-12", paper.Arxiv.JournalRef);
        Assert.Equal(["Dan Brown"], feed.Entries[1].Authors);
        Assert.Equal(1, feed.Entries[1].Arxiv!.Version);
        Assert.Equal("replace", paper.Arxiv.AnnounceType);
        Assert.Equal("new", feed.Entries[1].Arxiv!.AnnounceType);
    }

    [Fact]
    public void An_arxiv_api_entry_has_no_announce_type()
    {
        var feed = _parser.Parse(Fixtures.Document("arxiv-api.atom", "http://export.arxiv.org/api/query?search_query=cat:cs.CL"));

        Assert.All(feed.Entries, e => Assert.Null(e.Arxiv!.AnnounceType));
    }

    [Fact]
    public void Reads_how_the_arxiv_listing_announced_each_paper_and_leaves_it_null_where_the_feed_does_not_say()
    {
        var listing = _parser.Parse(Fixtures.Document("arxiv-listing.rss", "https://rss.arxiv.org/rss/cs.CL"));
        var api = _parser.Parse(Fixtures.Document("arxiv-api.atom"));

        Assert.Equal(["replace", "new"], listing.Entries.Select(e => e.Arxiv!.AnnounceType));
        Assert.All(api.Entries, e => Assert.Null(e.Arxiv!.AnnounceType));
    }

    [Fact]
    public void Detects_arxiv_whatever_kind_the_source_was_given()
    {
        var feed = _parser.Parse(Fixtures.Document("arxiv-listing.rss"), SourceKind.Rss);

        Assert.Equal(FeedKind.Arxiv, feed.Kind);
    }

    [Fact]
    public void Reads_a_blog_rss_feed_with_full_content()
    {
        var feed = _parser.Parse(Fixtures.Document("blog-rss2.xml", "https://feeds.example.net/gradient"));

        Assert.Equal(FeedKind.Rss, feed.Kind);
        Assert.Equal("The Gradient Notes & Essays", feed.Title);
        Assert.Equal("https://blog.example.org/", feed.SiteUrl);
        var post = feed.Entries[0];
        Assert.Equal("LLM hallucination: a bug or a feature?", post.Title);
        Assert.Equal("https://blog.example.org/2024/01/hallucination", post.Link);
        Assert.Equal("post-1842", post.EntryId);
        Assert.Equal(new DateTimeOffset(2024, 1, 15, 13, 30, 0, TimeSpan.Zero), post.Published);
        Assert.Equal(["Jane Doe"], post.Authors);
        Assert.Equal(["LLMs", "Evaluation"], post.Categories);
        Assert.Equal("Short teaser & intro.", post.Summary);
        Assert.Equal(["https://arxiv.org/abs/2401.01234", "https://blog.example.org/2023/12/older-post"], post.ContentLinks);
    }

    [Fact]
    public void Titles_untitled_entries_with_their_first_words_and_skips_entries_without_a_link()
    {
        var feed = _parser.Parse(Fixtures.Document("blog-rss2.xml"));

        Assert.Equal(3, feed.Entries.Count);
        var untitled = feed.Entries[1];
        Assert.StartsWith("This entry has no title but a long enough summary", untitled.Title);
        Assert.EndsWith("…", untitled.Title);
        Assert.True(untitled.Title.Length <= 81);
        Assert.Equal(new DateTimeOffset(2024, 1, 14, 8, 0, 0, TimeSpan.Zero), untitled.Published);
    }

    [Fact]
    public void Leaves_an_unparseable_date_null_and_reads_the_rss_author_name()
    {
        var entry = _parser.Parse(Fixtures.Document("blog-rss2.xml")).Entries[2];

        Assert.Null(entry.Published);
        Assert.Equal(["Jane Doe"], entry.Authors);
        Assert.Equal("Plain text only", entry.Summary);
    }

    [Fact]
    public void Reads_rss_1_0_with_dublin_core()
    {
        var feed = _parser.Parse(Fixtures.Document("rss10.rdf"));

        Assert.Equal(FeedKind.Rss, feed.Kind);
        var entry = Assert.Single(feed.Entries);
        Assert.Equal("Scaling Laws Revisited", entry.Title);
        Assert.Equal("https://journal.example.com/articles/42", entry.Link);
        Assert.Equal(["Erin Green"], entry.Authors);
        Assert.Equal(new DateTimeOffset(2024, 1, 10, 13, 0, 0, TimeSpan.Zero), entry.Published);
        Assert.Equal(["Machine learning"], entry.Categories);
        Assert.Equal("10.5555/journal.42", entry.Doi);
    }

    [Fact]
    public void Reads_rss_0_91_with_a_doctype_and_html_entities()
    {
        var feed = _parser.Parse(Fixtures.Document("rss091-doctype.xml"));

        Assert.Equal("Café Science", feed.Title);
        var entry = Assert.Single(feed.Entries);
        Assert.Equal("Résumé de la semaine & plus", entry.Title);
        Assert.Equal("Les modèles «petits» gagnent.", entry.Summary);
    }

    [Fact]
    public void Resolves_atom_links_against_xml_base_and_prefers_the_html_alternate()
    {
        var feed = _parser.Parse(Fixtures.Document("atom-relative.xml", "https://research.example.com/feed"));

        Assert.Equal(FeedKind.Atom, feed.Kind);
        Assert.Equal("Research Blog", feed.Title);
        Assert.Equal("https://research.example.com/blog/", feed.SiteUrl);
        var first = feed.Entries[0];
        Assert.Equal("x < y: ordering matters", first.Title);
        Assert.Equal("https://research.example.com/blog/posts/ordering", first.Link);
        Assert.Equal(["Frank Lee", "Grace Kim"], first.Authors);
        Assert.Equal("Why order matters.", first.Summary);
        // The content's base is the xml:base in scope (the feed's, …/blog/), not the entry's link, as RFC 4287 says.
        Assert.Equal(["https://research.example.com/papers/ordering.pdf"], first.ContentLinks);
        var second = feed.Entries[1];
        Assert.Equal("https://other.example.net/mirror/entry-two", second.Link);
        Assert.Equal(new DateTimeOffset(2024, 1, 14, 7, 0, 0, TimeSpan.Zero), second.Published);
        Assert.Equal("Second entry", second.Summary);
    }

    [Fact]
    public void Reads_a_json_feed()
    {
        var feed = _parser.Parse(Fixtures.Document("feed.json", "https://micro.example.com/feed.json"));

        Assert.Equal(FeedKind.Json, feed.Kind);
        Assert.Equal("Micro Notes", feed.Title);
        Assert.Equal("https://micro.example.com/", feed.SiteUrl);
        var first = feed.Entries[0];
        Assert.Equal("Embeddings on a budget", first.Title);
        Assert.Equal("MiniLM is small. See the MiniLM paper.", first.Summary);
        Assert.Equal(["Hana Ito"], first.Authors);
        Assert.Equal(["embeddings", "small models"], first.Categories);
        Assert.Equal(new DateTimeOffset(2024, 1, 15, 15, 0, 0, TimeSpan.Zero), first.Published);
        Assert.Equal(["https://arxiv.org/abs/2002.10957"], first.ContentLinks);
        var second = feed.Entries[1];
        Assert.Equal("https://micro.example.com/2024/01/14/note", second.Link);
        Assert.Equal("A short note without a title about clustering digests.", second.Title);
    }

    [Fact]
    public void Reads_an_html_page_with_css_selectors()
    {
        var selectors = new HtmlSelectors { Item = "article.post", Summary = ".excerpt", Date = "time, .date" };

        var feed = _parser.Parse(Fixtures.Document("page-without-feeds.html", "https://lab.example.com/"), SourceKind.Html, selectors);

        Assert.Equal(FeedKind.Html, feed.Kind);
        Assert.Equal("Lab News", feed.Title);
        Assert.Equal(2, feed.Entries.Count);
        var first = feed.Entries[0];
        Assert.Equal("A new model & a new benchmark", first.Title);
        Assert.Equal("https://lab.example.com/news/2024/new-model", first.Link);
        Assert.Equal(new DateTimeOffset(2024, 1, 15, 9, 0, 0, TimeSpan.Zero), first.Published);
        Assert.Equal("We release a model. Paper.", first.Summary);
        Assert.Equal(["https://arxiv.org/abs/2401.05678"], first.ContentLinks);
        Assert.Equal("https://lab.example.com/news/2024/second", feed.Entries[1].Link);
        Assert.Equal(new DateTimeOffset(2024, 1, 10, 0, 0, 0, TimeSpan.Zero), feed.Entries[1].Published);
    }

    [Fact]
    public void Says_which_selector_is_invalid()
    {
        var selectors = new HtmlSelectors { Item = "article[[" };

        var error = Assert.Throws<FeedParseException>(() =>
            _parser.Parse(Fixtures.Document("page-without-feeds.html", "https://lab.example.com/"), SourceKind.Html, selectors));

        Assert.StartsWith("https://lab.example.com/: the Item selector \"article[[\" is not valid CSS", error.Message);
    }

    [Fact]
    public void Says_when_the_item_selector_matches_nothing()
    {
        var selectors = new HtmlSelectors { Item = "li.story" };

        var error = Assert.Throws<FeedParseException>(() =>
            _parser.Parse(Fixtures.Document("page-without-feeds.html", "https://lab.example.com/"), SourceKind.Html, selectors));

        Assert.Equal("https://lab.example.com/: expected items matching the Item selector \"li.story\" but the HTML page has none", error.Message);
    }

    [Fact]
    public void Rejects_an_html_page_and_names_the_feeds_it_links()
    {
        var error = Assert.Throws<FeedParseException>(() =>
            _parser.Parse(Fixtures.Document("page-with-feeds.html", "https://lab.example.com/blog/")));

        Assert.Equal(
            "https://lab.example.com/blog/: expected an RSS, Atom or JSON feed but got an HTML page; it links the feeds "
            + "https://lab.example.com/blog/feed.xml, https://lab.example.com/blog/feed.atom, https://lab.example.com/feed.json",
            error.Message);
        Assert.Equal(new Uri("https://lab.example.com/blog/feed.xml"), error.DiscoveredFeeds[0]);
        Assert.Equal(3, error.DiscoveredFeeds.Count);
    }

    [Fact]
    public void Rejects_an_html_page_without_feeds_and_suggests_selectors()
    {
        var error = Assert.Throws<FeedParseException>(() =>
            _parser.Parse(Fixtures.Document("page-without-feeds.html", "https://lab.example.com/")));

        Assert.Equal(
            "https://lab.example.com/: expected an RSS, Atom or JSON feed but got an HTML page; it links no feed; read it as an HTML source with CSS selectors instead",
            error.Message);
        Assert.Empty(error.DiscoveredFeeds);
    }

    [Fact]
    public void Says_an_html_source_needs_selectors()
    {
        var error = Assert.Throws<FeedParseException>(() =>
            _parser.Parse(Fixtures.Document("page-without-feeds.html", "https://lab.example.com/"), SourceKind.Html));

        Assert.StartsWith("https://lab.example.com/: expected CSS selectors for an HTML source, but none are configured", error.Message);
    }

    [Fact]
    public void Rejects_an_empty_body()
    {
        var error = Assert.Throws<FeedParseException>(() => _parser.Parse(Fixtures.Document("empty.xml", "https://x.example/feed")));

        Assert.Equal("https://x.example/feed: the body is empty", error.Message);
    }

    [Fact]
    public void Rejects_a_body_of_whitespace()
    {
        var error = Assert.Throws<FeedParseException>(() => _parser.Parse(Fixtures.FromText(" \r\n\t ", "https://x.example/feed")));

        Assert.Equal("https://x.example/feed: the body is empty (only whitespace)", error.Message);
    }

    [Fact]
    public void Reports_the_line_and_position_of_malformed_xml()
    {
        var error = Assert.Throws<FeedParseException>(() => _parser.Parse(Fixtures.Document("malformed.xml", "https://x.example/feed")));

        Assert.StartsWith("https://x.example/feed: malformed XML at line 4, position ", error.Message);
        Assert.Contains("'title' start tag", error.Message);
        Assert.DoesNotContain("Line 4", error.Message);
    }

    [Fact]
    public void Keeps_line_numbers_of_errors_after_a_removed_doctype()
    {
        const string Xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY a \"b\">\n]>\n<rss version=\"2.0\"><channel>\n<oops></channel></rss>";

        var error = Assert.Throws<FeedParseException>(() => _parser.Parse(Fixtures.FromText(Xml, "https://x.example/feed")));

        Assert.StartsWith("https://x.example/feed: malformed XML at line 6, ", error.Message);
    }

    [Fact]
    public void Rejects_xml_that_is_not_a_feed()
    {
        var error = Assert.Throws<FeedParseException>(() =>
            _parser.Parse(Fixtures.FromText("<?xml version=\"1.0\"?><urlset><url/></urlset>", "https://x.example/sitemap")));

        Assert.Equal("https://x.example/sitemap: expected an RSS, Atom or JSON feed but got an XML document whose root element is <urlset>", error.Message);
    }

    [Fact]
    public void Rejects_json_that_is_not_a_json_feed()
    {
        var error = Assert.Throws<FeedParseException>(() => _parser.Parse(Fixtures.FromText("{\"items\": []}", "https://x.example/api")));

        Assert.StartsWith("https://x.example/api: expected an RSS, Atom or JSON feed but got JSON that is not a JSON Feed", error.Message);
    }

    [Fact]
    public void Rejects_plain_text()
    {
        var error = Assert.Throws<FeedParseException>(() => _parser.Parse(Fixtures.FromText("Service Unavailable", "https://x.example/feed")));

        Assert.Equal("https://x.example/feed: expected an RSS, Atom or JSON feed but got text that is neither XML, JSON nor HTML (it starts with \"Service Unavailable\")", error.Message);
    }

    [Fact]
    public void Does_not_expand_a_billion_laughs_bomb()
    {
        var stopwatch = Stopwatch.StartNew();

        var feed = _parser.Parse(Fixtures.Document("billion-laughs.xml"));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(15), $"took {stopwatch.Elapsed}");
        var entry = Assert.Single(feed.Entries);
        Assert.Equal("Bomb", entry.Title);
        Assert.DoesNotContain("lol", entry.Summary);
        Assert.True(entry.Summary.Length < 100);
    }

    [Fact]
    public void Does_not_resolve_external_entities()
    {
        var feed = _parser.Parse(Fixtures.Document("xxe.xml"));

        var entry = Assert.Single(feed.Entries);
        Assert.Equal("Secrets:", entry.Title);
        Assert.Equal("Remote: end", entry.Summary);
        Assert.DoesNotContain("root:", entry.Title + entry.Summary);
    }

    [Fact]
    public void Reads_utf8_bytes_behind_a_wrong_latin1_declaration()
    {
        var feed = _parser.Parse(Fixtures.Document("utf8-declared-latin1.xml"));

        Assert.Equal("Café “quotes”", feed.Title);
        Assert.Equal("Naïve résumé", feed.Entries[0].Title);
    }

    [Fact]
    public void Reads_undeclared_windows_1252_bytes()
    {
        var feed = _parser.Parse(Fixtures.Document("windows1252-undeclared.xml"));

        Assert.Equal("Café “quotes”", feed.Title);
        Assert.Equal("Naïve résumé – dash", feed.Entries[0].Title);
    }

    [Fact]
    public void Reads_utf16_with_a_byte_order_mark()
    {
        var feed = _parser.Parse(Fixtures.Document("utf16-bom.xml"));

        Assert.Equal("Ünïcödé 16", feed.Title);
        Assert.Equal("日本語のタイトル", feed.Entries[0].Title);
    }

    [Fact]
    public void Sniffs_the_format_instead_of_trusting_the_content_type()
    {
        var document = new FeedDocument(Fixtures.Bytes("feed.json"), new Uri("https://micro.example.com/feed"), MediaType: "text/html");

        Assert.Equal(FeedKind.Json, _parser.Parse(document).Kind);
    }

    [Fact]
    public void Parses_a_feed_of_fifty_thousand_items_in_a_few_seconds()
    {
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>Big</title><link>https://big.example.com/</link>");
        for (var i = 0; i < 50_000; i++)
        {
            xml.Append("<item><title>Post ").Append(i).Append(" &amp; more</title><link>/posts/").Append(i)
                .Append("</link><guid>id-").Append(i).Append("</guid><pubDate>Mon, 15 Jan 2024 08:30:00 GMT</pubDate>")
                .Append("<description>&lt;p&gt;Summary of post ").Append(i).Append(" with a &lt;a href=\"https://arxiv.org/abs/2401.01234\"&gt;link&lt;/a&gt;.&lt;/p&gt;</description></item>");
        }
        xml.Append("</channel></rss>");
        var document = Fixtures.FromText(xml.ToString(), "https://big.example.com/feed");
        var stopwatch = Stopwatch.StartNew();

        var feed = _parser.Parse(document);

        Assert.Equal(50_000, feed.Entries.Count);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(45), $"took {stopwatch.Elapsed}");
        Assert.Equal("https://big.example.com/posts/49999", feed.Entries[^1].Link);
        Assert.Equal("Summary of post 49999 with a link.", feed.Entries[^1].Summary);
        Assert.Equal(["https://arxiv.org/abs/2401.01234"], feed.Entries[^1].ContentLinks);
    }

    [Fact]
    public void Can_be_shared_by_threads()
    {
        var documents = new[] { "blog-rss2.xml", "atom-relative.xml", "feed.json", "arxiv-api.atom" }
            .Select(name => Fixtures.Document(name)).ToArray();

        var counts = Enumerable.Range(0, 40).AsParallel()
            .Select(i => _parser.Parse(documents[i % documents.Length]).Entries.Count)
            .ToArray();

        Assert.All(counts.Select((count, i) => (count, i)), c => Assert.Equal(new[] { 3, 2, 2, 2 }[c.i % 4], c.count));
    }

    [Fact]
    public void Reads_a_feed_nested_to_the_depth_limit_and_refuses_one_level_deeper()
    {
        // <rss> and <channel> and <item> and <title> are four levels; the <b> fill the rest.
        static string Feed(int depth) =>
            "<rss version=\"2.0\"><channel><title>Blog</title><item><title>"
            + string.Concat(Enumerable.Repeat("<b>", depth - 4)) + "Deep" + string.Concat(Enumerable.Repeat("</b>", depth - 4))
            + "</title><link>https://blog.example.org/1</link></item></channel></rss>";

        Assert.Equal("Deep", _parser.Parse(Fixtures.FromText(Feed(FeedParser.MaxDepth))).Entries.Single().Title);

        var error = Assert.Throws<FeedParseException>(() => _parser.Parse(Fixtures.FromText(Feed(FeedParser.MaxDepth + 1))));
        Assert.Equal(
            "https://feeds.example.com/feed: XML elements are nested more than 256 deep (the parser's depth limit); no real feed or page nests that deep, so the document was not read",
            error.Message);
    }

    [Fact]
    public void Refuses_a_json_feed_nested_deeper_than_the_depth_limit()
    {
        var json = "{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"Deep\",\"items\":[{\"id\":\"1\",\"url\":\"https://a.example/1\",\"title\":\"x\",\"extra\":"
            + new string('[', 100_000) + new string(']', 100_000) + "}]}";

        var stopwatch = Stopwatch.StartNew();
        var error = Assert.Throws<FeedParseException>(() => _parser.Parse(Fixtures.FromText(json)));

        Assert.Contains("JSON objects and arrays are nested more than 256 deep", error.Message, StringComparison.Ordinal);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public void Refuses_an_html_page_nested_deeper_than_the_depth_limit_in_selectors_and_in_discovery()
    {
        var page = "<!DOCTYPE html><html><head><link rel=\"alternate\" type=\"application/rss+xml\" href=\"/feed\"></head><body>"
            + string.Concat(Enumerable.Repeat("<div>", 100_000)) + "<article><a href=\"/1\">One</a></article></body></html>";
        var stopwatch = Stopwatch.StartNew();

        var selectors = Assert.Throws<FeedParseException>(() =>
            _parser.Parse(Fixtures.FromText(page, "https://site.example/"), SourceKind.Html, new HtmlSelectors { Item = "article" }));
        var discovery = Assert.Throws<FeedParseException>(() => FeedDiscovery.FindFeeds(page, new Uri("https://site.example/")));

        Assert.StartsWith("https://site.example/: HTML elements are nested more than 256 deep", selectors.Message, StringComparison.Ordinal);
        Assert.StartsWith("https://site.example/: HTML elements are nested more than 256 deep", discovery.Message, StringComparison.Ordinal);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public void Reads_an_html_page_as_deep_as_real_pages_go()
    {
        var page = "<!DOCTYPE html><html><body>" + string.Concat(Enumerable.Repeat("<div>", 200))
            + "<article><a href=\"/1\">One</a></article></body></html>";

        var feed = _parser.Parse(Fixtures.FromText(page, "https://site.example/"), SourceKind.Html, new HtmlSelectors { Item = "article" });

        Assert.Equal("https://site.example/1", feed.Entries.Single().Link);
    }

    [Fact]
    public void Stops_a_parse_that_outlasts_fetch_timeout_with_an_error_naming_it()
    {
        var parser = new FeedParser(TimeProvider.System, Microsoft.Extensions.Options.Options.Create(
            new RoundupBot.Ingestion.Fetching.FetchOptions { Timeout = TimeSpan.FromMilliseconds(1) }));
        var xml = new StringBuilder("<rss version=\"2.0\"><channel><title>Big</title>");
        for (var i = 0; i < 50_000; i++)
        {
            xml.Append("<item><title>Post ").Append(i).Append("</title><link>https://big.example.com/").Append(i).Append("</link></item>");
        }
        var document = Fixtures.FromText(xml.Append("</channel></rss>").ToString());

        var error = Assert.Throws<FeedParseException>(() => parser.Parse(document));

        Assert.StartsWith("https://feeds.example.com/feed: reading the document took longer than Fetch:Timeout (0 s)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stops_when_the_caller_cancels()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => _parser.Parse(Fixtures.Document("blog-rss2.xml"), cancellationToken: cancelled.Token));
    }
}
