namespace RoundupBot.Cli.Tests;

/// <summary>Small, realistic feeds for command-line tests.</summary>
internal static class Feeds
{
    public static string Rss(string title, int items, string prefix = "post") =>
        $"""
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel>
          <title>{title}</title><link>https://blog.example.org/</link><description>Research notes</description>
          {string.Concat(Enumerable.Range(1, items).Select(i => $"""
            <item>
              <title>{title} {prefix} number {i} about efficient transformers</title>
              <link>https://blog.example.org/{prefix}/{i}?utm_source=rss&amp;utm_medium=feed</link>
              <guid>https://blog.example.org/{prefix}/{i}</guid>
              <pubDate>Mon, 0{i % 9 + 1} Jun 2026 10:00:00 GMT</pubDate>
              <description>&lt;p&gt;Paragraph {i} with &lt;a href="https://example.com/x"&gt;a link&lt;/a&gt;.&lt;/p&gt;</description>
            </item>
            """))}
        </channel></rss>
        """;

    public const string ArxivApi = """
        <?xml version="1.0" encoding="UTF-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">
          <title type="html">ArXiv Query: search_query=cat:cs.CL</title>
          <id>http://arxiv.org/api/cHxbiOdZaP56ODnBPIenZhzg5f8</id>
          <updated>2026-06-01T00:00:00-04:00</updated>
          <entry>
            <id>http://arxiv.org/abs/2406.01234v2</id>
            <updated>2026-06-02T17:59:59Z</updated>
            <published>2026-06-01T17:59:59Z</published>
            <title>Small Language Models and the Data Wall</title>
            <summary>  We study what happens when the world runs out of text data for pretraining. </summary>
            <author><name>Ada Lovelace</name></author>
            <author><name>Émile Borel</name></author>
            <arxiv:doi>10.1000/slm.2026.1</arxiv:doi>
            <link title="doi" href="http://dx.doi.org/10.1000/slm.2026.1" rel="related"/>
            <arxiv:comment>12 pages, 4 figures</arxiv:comment>
            <link href="http://arxiv.org/abs/2406.01234v2" rel="alternate" type="text/html"/>
            <link title="pdf" href="http://arxiv.org/pdf/2406.01234v2" rel="related" type="application/pdf"/>
            <arxiv:primary_category term="cs.CL" scheme="http://arxiv.org/schemas/atom"/>
            <category term="cs.CL" scheme="http://arxiv.org/schemas/atom"/>
            <category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
          </entry>
          <entry>
            <id>http://arxiv.org/abs/2406.05678v1</id>
            <updated>2026-06-03T10:00:00Z</updated>
            <published>2026-06-03T10:00:00Z</published>
            <title>Hallucination: A Bug or a Feature?</title>
            <summary>We argue that some hallucinations are useful.</summary>
            <author><name>Grace Hopper</name></author>
            <link href="http://arxiv.org/abs/2406.05678v1" rel="alternate" type="text/html"/>
            <arxiv:primary_category term="cs.AI" scheme="http://arxiv.org/schemas/atom"/>
            <category term="cs.AI" scheme="http://arxiv.org/schemas/atom"/>
          </entry>
        </feed>
        """;

    public static string Opml(params (string Title, Uri Url)[] feeds) =>
        $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <opml version="2.0"><head><title>Feeds</title></head><body>
          <outline text="Research" title="Research">
            {string.Concat(feeds.Select(f => $"""<outline type="rss" text="{f.Title}" title="{f.Title}" xmlUrl="{f.Url}"/>"""))}
          </outline>
        </body></opml>
        """;
}
