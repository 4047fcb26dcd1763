using System.Globalization;
using RoundupBot.Ingestion.Parsing;
using RoundupBot.Model;

namespace RoundupBot.Tests.Ingestion.Parsing;

/// <summary>
/// Feeds as they are in the wild (issue 18): old formats, HTML entities without a DTD, every encoding, RSS variants,
/// entries without a link, ill-formed XML, xml:base and every content type. One small fixture per case under
/// TestData/Feeds, each read the way a person reading the feed would understand it.
/// </summary>
public class WildFeedTests
{
    private readonly FeedParser _parser = new();

    [Theory]
    // Atom 0.3: its namespace, mode="escaped", issued (the date) beside modified and created.
    [InlineData("atom03-escaped.xml", null, "Notes on tokenizers", "http://old.example.org/2005/03/tokenizers.html", "2005-03-14T02:30:00Z")]
    // Atom 0.3: mode="escaped" titles; an entry with modified only is dated by it.
    [InlineData("atom03-base64.xml", null, "Base64 & friends", "http://enc.example.org/b64", "2004-07-01T12:00:00Z")]
    [InlineData("html-entities.xml", null, "Café culture — a review…", "https://cafe.example.org/review", "2024-01-02T10:00:00Z")]
    // The HTTP charset says UTF-8, the declaration ISO-8859-1, and the bytes are Latin-1: the bytes decide.
    [InlineData("charset-http-disagrees.xml", "utf-8", "Déjà vu à Montréal", "https://revue.example.fr/deja-vu", "2024-01-03T09:00:00Z")]
    [InlineData("utf16le-nobom.xml", null, "Ünïcode sans BOM", "https://u16.example.org/post", "2024-01-04T08:00:00Z")]
    [InlineData("utf16be-bom.xml", "iso-8859-1", "Big endian ünïcode", "https://u16be.example.org/post", "2024-01-04T08:00:00Z")]
    [InlineData("utf32le-bom.xml", null, "Thirty-two ☃", "https://u32.example.org/post", "2024-01-04T08:00:00Z")]
    [InlineData("utf32be-nobom.xml", null, "Thirty-two big ☃", "https://u32be.example.org/post", "2024-01-04T08:00:00Z")]
    [InlineData("big5.xml", null, "中文新聞", "https://big5.example.tw/post", "2024-01-04T08:00:00Z")]
    [InlineData("euc-kr.xml", null, "한국어 뉴스", "https://euckr.example.kr/post", "2024-01-04T08:00:00Z")]
    [InlineData("shift_jis.xml", null, "日本語のニュース", "https://sjis.example.jp/post", "2024-01-04T08:00:00Z")]
    [InlineData("koi8-r.xml", null, "Новости", "https://koi8.example.ru/post", "2024-01-04T08:00:00Z")]
    [InlineData("koi8-r-http-only.xml", "koi8-r", "Погода", "https://koi8http.example.ru/post", "2024-01-04T08:00:00Z")]
    [InlineData("windows-1251.xml", null, "Новини", "https://cp1251.example.ua/post", "2024-01-04T08:00:00Z")]
    [InlineData("iso-8859-2.xml", "utf-8", "Zażółć gęślą", "https://latin2.example.pl/post", "2024-01-04T08:00:00Z")]
    [InlineData("rdf-items-outside-channel.rdf", null, "First RDF item", "https://rdf.example.org/a", "2024-01-05T10:00:00Z")]
    [InlineData("rss090.rdf", null, "New Status Updates", "http://www.mozilla.org/status/", null)]
    [InlineData("rss-uppercase.xml", null, "Upper-case item", "https://loud.example.org/1", "2024-01-05T12:00:00Z")]
    [InlineData("rss092-enclosure.xml", null, "Episode 7", "https://pod.example.org/media/ep7.mp3", null)]
    [InlineData("rss094-guid-permalink.xml", null, "Linked by its guid", "https://guid.example.org/posts/42", "2024-01-06T09:00:00Z")]
    [InlineData("atom-id-link.xml", null, "Known by its id", "https://id.example.org/entries/1", "2024-01-07T10:00:00Z")]
    [InlineData("undeclared-prefix.xml", null, "Episode one", "https://cast.example.org/1", "2024-01-07T07:00:00Z")]
    [InlineData("stray-ampersand.xml", null, "Q&A: profits & losses", "https://att.example.com/story?id=7&ref=rss", "2024-01-08T10:00:00Z")]
    [InlineData("truncated.xml", null, "Complete entry", "https://cut.example.org/1", "2024-01-09T10:00:00Z")]
    [InlineData("bad-cdata.xml", null, "Before the break", "https://cdata.example.org/1", "2024-01-10T10:00:00Z")]
    [InlineData("declaration-after-whitespace.xml", null, "After the blank lines", "https://prolog.example.org/1", "2024-01-11T10:00:00Z")]
    [InlineData("xml-base.xml", null, "Resolved against two bases", "https://base.example.org/blog/2024/post.html", "2024-01-12T10:00:00Z")]
    [InlineData("rss-relative-links.xml", null, "Relative to the channel link", "https://site.example.org/blog/posts/1.html", "2024-01-12T10:00:00Z")]
    [InlineData("rss-xml-base.xml", null, "Channel-relative", "https://site.example.org/blog/posts/1.html", "2024-01-14T10:00:00Z")]
    [InlineData("unknown-encoding-label.xml", null, "Read anyway", "https://odd.example.org/1", "2024-01-15T10:00:00Z")]
    [InlineData("atom-content-types.xml", null, "1 < 2 is <b>text</b>", "https://t.example.org/text", "2024-01-13T01:00:00Z")]
    public void Reads_the_first_entry_as_a_reader_would(string fixture, string? httpCharset, string title, string link, string? published)
    {
        var feed = _parser.Parse(Fixtures.Document(fixture, charset: httpCharset));

        var entry = feed.Entries[0];
        Assert.Equal(title, entry.Title);
        Assert.Equal(link, entry.Link);
        Assert.Equal(published is null ? null : DateTimeOffset.Parse(published, CultureInfo.InvariantCulture), entry.Published);
    }

    [Theory]
    [InlineData("atom03-escaped.xml", "Old Blog Engine", FeedKind.Atom, "http://old.example.org/")]
    [InlineData("html-entities.xml", "Café Notes", FeedKind.Rss, "https://cafe.example.org/")]
    [InlineData("rss090.rdf", "Mozilla Dot Org", FeedKind.Rss, "http://www.mozilla.org/")]
    [InlineData("rss-uppercase.xml", "Shouting Feed", FeedKind.Rss, "https://loud.example.org/")]
    [InlineData("stray-ampersand.xml", "AT&T News & Views", FeedKind.Rss, "https://att.example.com/?a=1&b=2")]
    [InlineData("xml-base.xml", "Relative Everything", FeedKind.Atom, "https://base.example.org/blog/")]
    [InlineData("atom-content-types.xml", "Types & Constructs", FeedKind.Atom, "https://t.example.org/")]
    public void Reads_the_feed_title_kind_and_site(string fixture, string title, FeedKind kind, string siteUrl)
    {
        var feed = _parser.Parse(Fixtures.Document(fixture));

        Assert.Equal(title, feed.Title);
        Assert.Equal(kind, feed.Kind);
        Assert.Equal(siteUrl, feed.SiteUrl);
    }

    [Fact]
    public void Turns_atom_03_escaped_base64_and_inline_content_into_plain_text()
    {
        var escaped = _parser.Parse(Fixtures.Document("atom03-escaped.xml")).Entries.Single();
        var encoded = _parser.Parse(Fixtures.Document("atom03-base64.xml")).Entries;

        Assert.Equal("Byte pairs merge often.", escaped.Summary);
        Assert.Equal("Hello world.", encoded[0].Summary);
        Assert.Equal("Inline XHTML", encoded[1].Title);
        Assert.Equal("Inline markup here.", encoded[1].Summary);
        Assert.Equal(new DateTimeOffset(2004, 7, 2, 12, 0, 0, TimeSpan.Zero), encoded[1].Published);
    }

    [Fact]
    public void Turns_text_html_and_xhtml_constructs_into_the_same_plain_text_and_keeps_text_literal()
    {
        var entries = _parser.Parse(Fixtures.Document("atom-content-types.xml")).Entries;

        Assert.Equal("Plain <p> stays", entries[0].Summary);
        Assert.Equal("Bold & escaped", entries[1].Title);
        Assert.Equal("Some HTML.", entries[1].Summary);
        Assert.Equal("An XHTML title", entries[2].Title);
        Assert.Equal("Real markup & text <tag>.", entries[2].Summary);
        Assert.Equal(["https://t.example.org/ref"], entries[2].ContentLinks);
    }

    [Fact]
    public void Decodes_html_entities_in_text_without_any_dtd()
    {
        var entry = _parser.Parse(Fixtures.Document("html-entities.xml")).Entries.Single();

        Assert.Equal("Naïve «quotes» © 2024", entry.Summary);
    }

    [Fact]
    public void Resolves_links_against_nested_xml_base_as_the_atom_spec_says()
    {
        var entries = _parser.Parse(Fixtures.Document("xml-base.xml", "https://feeds.example.com/atom")).Entries;

        Assert.Equal(["https://cdn.example.net/media/paper.pdf"], entries[0].ContentLinks);
        Assert.Equal("https://base.example.org/elsewhere/page", entries[1].Link);
    }

    [Fact]
    public void Resolves_an_rss_item_against_its_own_xml_base_and_the_others_against_the_channel_link()
    {
        var entries = _parser.Parse(Fixtures.Document("rss-xml-base.xml", "https://feeds.example.com/rss")).Entries;

        Assert.Equal(["https://site.example.org/blog/posts/1.html", "https://mirror.example.net/m/posts/2.html"], entries.Select(e => e.Link));
    }

    [Fact]
    public void Reads_rdf_items_outside_the_channel_named_only_by_rdf_about()
    {
        var entries = _parser.Parse(Fixtures.Document("rdf-items-outside-channel.rdf")).Entries;

        Assert.Equal(2, entries.Count);
        Assert.Equal("https://rdf.example.org/b", entries[1].Link);
        Assert.Equal(new DateTimeOffset(2024, 1, 5, 11, 0, 0, TimeSpan.Zero), entries[1].Published);
    }

    [Fact]
    public void Keeps_the_text_of_ill_formed_feeds_and_says_it_was_read_leniently()
    {
        var ampersands = _parser.Parse(Fixtures.Document("stray-ampersand.xml"));
        var truncated = _parser.Parse(Fixtures.Document("truncated.xml"));

        Assert.Equal("1 < 2 & 3 > 2", ampersands.Entries.Single().Summary);
        Assert.StartsWith("the XML is not well-formed (line 2, position", Assert.Single(ampersands.Warnings), StringComparison.Ordinal);
        Assert.Equal(["Complete entry", "Second complete entry"], truncated.Entries.Select(e => e.Title));
        Assert.Matches(@"^the XML breaks off at line \d+ \(.+\); the 2 entries before it were read$", Assert.Single(truncated.Warnings));
    }

    [Fact]
    public void Reads_a_well_formed_feed_without_warnings()
    {
        Assert.Empty(_parser.Parse(Fixtures.Document("undeclared-prefix.xml".Replace("undeclared-prefix", "html-entities", StringComparison.Ordinal))).Warnings);
        Assert.Empty(_parser.Parse(Fixtures.Document("blog-rss2.xml")).Warnings);
    }

    [Fact]
    public void Counts_the_entries_it_cannot_use_by_reason()
    {
        var feed = _parser.Parse(Fixtures.Document("entries-without-links.xml"));
        var atom = _parser.Parse(Fixtures.Document("atom-id-link.xml"));
        var guid = _parser.Parse(Fixtures.Document("rss094-guid-permalink.xml"));

        Assert.Equal(["The only linked one"], feed.Entries.Select(e => e.Title));
        Assert.Equal(["3 entries without any link", "1 entry without a title or any text"], feed.Skipped.Select(s => s.ToString()));
        Assert.Equal(["3 entries without any link"], atom.Skipped.Select(s => s.ToString()));
        Assert.Equal(["1 entry without any link"], guid.Skipped.Select(s => s.ToString()));
    }

    [Fact]
    public void Still_refuses_a_document_that_holds_no_feed_at_all()
    {
        var error = Assert.Throws<FeedParseException>(() => _parser.Parse(Fixtures.FromText("<rss><channel><title>x</title><item><title>a</ti")));

        Assert.StartsWith("https://feeds.example.com/feed: malformed XML at line 1, position", error.Message, StringComparison.Ordinal);
    }
}
