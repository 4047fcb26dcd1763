using System.Globalization;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using RoundupBot.Model;
using RoundupBot.Rendering;

namespace RoundupBot.Tests.Rendering;

public sealed class EmailHtmlRendererTests
{
    private static readonly EmailLinks Links = new(
        "https://roundup.example.org/digests/5",
        "https://roundup.example.org/unsubscribe?token=abc.def",
        "You receive this because you subscribed to the weekly research roundup at roundup.example.org.");

    [Fact]
    public void The_layout_is_a_full_width_table_around_a_600_pixel_presentation_table()
    {
        var document = Parse(EmailHtmlRenderer.Render(Sample(3), Links));

        var outer = document.QuerySelector("body > table")!;
        Assert.Equal("presentation", outer.GetAttribute("role"));
        Assert.Equal("100%", outer.GetAttribute("width"));
        var inner = outer.QuerySelector("table")!;
        Assert.Equal("presentation", inner.GetAttribute("role"));
        Assert.Equal("600", inner.GetAttribute("width"));
        Assert.Contains("max-width: 600px", inner.GetAttribute("style"), StringComparison.Ordinal);
        Assert.Equal("en", document.DocumentElement.GetAttribute("lang"));
        Assert.Equal("light dark", document.QuerySelector("meta[name=color-scheme]")?.GetAttribute("content"));
        Assert.NotNull(document.QuerySelector("meta[name=viewport]"));
    }

    [Fact]
    public void The_preheader_is_the_intros_first_sentence_and_is_hidden()
    {
        var document = Parse(EmailHtmlRenderer.Render(Sample(3), Links));

        var preheader = document.QuerySelector(".preheader")!;
        Assert.StartsWith("A week of small models.", preheader.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Second sentence", preheader.TextContent, StringComparison.Ordinal);
        var style = preheader.GetAttribute("style")!.Replace(" ", "", StringComparison.Ordinal);
        Assert.Contains("display:none", style, StringComparison.Ordinal);
        Assert.Contains("max-height:0", style, StringComparison.Ordinal);
        Assert.Contains("overflow:hidden", style, StringComparison.Ordinal);
        Assert.Contains("mso-hide:all", style, StringComparison.Ordinal);
    }

    [Fact]
    public void The_title_period_and_the_edition_list_come_first()
    {
        var digest = Sample(3);
        var document = Parse(EmailHtmlRenderer.Render(digest, Links));

        Assert.Equal(digest.Title, document.QuerySelector("h1")!.TextContent);
        Assert.Equal(DigestText.Period(digest), document.QuerySelector(".period")!.TextContent);
        Assert.Contains(document.QuerySelectorAll("p"), p => p.TextContent == DigestText.InTodaysEdition);
        Assert.Equal(digest.Sections.Select(s => $"{s.Emoji} {s.Title}"), document.QuerySelectorAll(".edition li").Select(li => li.TextContent));
    }

    [Fact]
    public void Every_section_has_its_emoji_heading_and_each_sentence_links_to_its_cited_item()
    {
        var digest = Sample(3);
        var document = Parse(EmailHtmlRenderer.Render(digest, Links));

        var headings = document.QuerySelectorAll("h2.section-heading").Select(h => h.TextContent).ToList();
        foreach (var section in digest.Sections)
        {
            var heading = headings.IndexOf($"{section.Emoji} {section.Title}");
            Assert.True(heading >= 0, $"no heading for {section.Title}");
            var paragraph = document.QuerySelectorAll("h2.section-heading")[heading].NextElementSibling!;
            // The sentence's link is the first cited item of the section, not the other ids it lists.
            var expected = section.Sentences.Select(s => DigestText.Cited(section, s)!.Link).ToList();
            Assert.Equal(expected, paragraph.QuerySelectorAll("a").Select(a => a.GetAttribute("href")));
            foreach (var sentence in section.Sentences)
            {
                Assert.Contains(sentence.Text, paragraph.TextContent, StringComparison.Ordinal);
            }

            var reads = paragraph.NextElementSibling!;
            Assert.Equal(section.Items.Select(i => i.Link), reads.QuerySelectorAll("a").Select(a => a.GetAttribute("href")));
        }
    }

    [Fact]
    public void The_other_reads_are_listed_with_their_one_line_descriptions()
    {
        var document = Parse(EmailHtmlRenderer.Render(Sample(3), Links));

        Assert.Contains(document.QuerySelectorAll("h2"), h => h.TextContent == DigestText.OtherReadsHeading);
        var item = Assert.Single(document.QuerySelectorAll(".other li"));
        Assert.Equal("A long read — worth it", item.TextContent);
        Assert.Equal("https://example.org/long", item.QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public void The_footer_says_why_they_receive_it_and_links_to_unsubscribe_and_the_web()
    {
        var document = Parse(EmailHtmlRenderer.Render(Sample(3), Links));

        var footer = document.QuerySelector("td.footer")!;
        Assert.Contains(Links.Reason, footer.TextContent, StringComparison.Ordinal);
        var unsubscribe = footer.QuerySelectorAll("a").Single(a => a.TextContent == "Unsubscribe");
        Assert.Equal(Links.UnsubscribeUrl, unsubscribe.GetAttribute("href"));
        Assert.Contains(footer.QuerySelectorAll("a"), a => a.GetAttribute("href") == Links.WebUrl);
    }

    [Fact]
    public void Without_a_web_url_the_footer_leaves_the_web_link_out()
    {
        var document = Parse(EmailHtmlRenderer.Render(Sample(1), Links with { WebUrl = null }));

        Assert.Single(document.QuerySelectorAll("td.footer a"));
    }

    [Fact]
    public void An_unsubscribe_link_that_is_not_http_is_refused()
    {
        Assert.Throws<ArgumentException>(() => EmailHtmlRenderer.Render(Sample(1), Links with { UnsubscribeUrl = "javascript:alert(1)" }));
        Assert.Throws<ArgumentException>(() => EmailHtmlRenderer.Render(Sample(1), Links with { UnsubscribeUrl = " " }));
    }

    [Fact]
    public void Styles_are_inlined_on_the_elements_and_the_media_queries_stay_in_the_head()
    {
        var html = EmailHtmlRenderer.Render(Sample(3), Links);
        var document = Parse(html);

        Assert.All(document.QuerySelectorAll("td.content, td.footer, h1, h2, a"), e => Assert.False(string.IsNullOrEmpty(e.GetAttribute("style")), e.OuterHtml));
        var style = document.Head!.QuerySelector("style")!.TextContent;
        Assert.Contains("@media (prefers-color-scheme: dark)", style, StringComparison.Ordinal);
        Assert.Contains("@media (max-width: 620px)", style, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Markup_in_feed_text_comes_out_as_escaped_text()
    {
        const string Script = "<script>alert(1)</script>";
        const string Style = "<style>body{display:none}</style>";
        const string Image = "<img src=x onerror=alert(1)>";
        var digest = Sample(1) with
        {
            Title = "Issue " + Script,
            Intro = "Intro " + Image + ". More.",
            Sections =
            [
                new Section
                {
                    Emoji = "🧪",
                    Title = "Hostile " + Style,
                    Items = [new DigestItem { Id = 1, Title = "Title " + Image, Link = "https://example.org/1\" onerror=\"alert(1)", Source = "Src " + Script }],
                    Sentences = [new Sentence("Sentence " + Script + " and " + Image, [1])],
                },
            ],
            OtherReads = [new DigestItem { Id = 2, Title = "Other " + Style, Link = "https://example.org/2", Description = "Desc " + Image }],
        };

        var document = Parse(EmailHtmlRenderer.Render(digest, Links));

        Assert.Empty(document.QuerySelectorAll("script, img"));
        Assert.Single(document.QuerySelectorAll("style"));
        Assert.DoesNotContain(document.All, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)));
        Assert.Contains(Script, document.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(Style, document.QuerySelectorAll("h2")[0].TextContent, StringComparison.Ordinal);
        Assert.Contains(Image, document.QuerySelectorAll("h2")[0].NextElementSibling!.TextContent, StringComparison.Ordinal);
        Assert.Contains(Image, document.QuerySelector(".other")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData(" JavaScript:alert(1)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("/relative/path")]
    [InlineData("ftp://example.org/file")]
    public void A_link_that_is_not_http_renders_as_text_without_an_href(string link)
    {
        var digest = Sample(1) with
        {
            Sections =
            [
                new Section
                {
                    Emoji = "🧪",
                    Title = "Links",
                    Items = [new DigestItem { Id = 1, Title = "Bad link", Link = link, Source = "Src" }],
                    Sentences = [new Sentence("A sentence.", [1])],
                },
            ],
            OtherReads = [new DigestItem { Id = 2, Title = "Also bad", Link = link }],
        };

        var document = Parse(EmailHtmlRenderer.Render(digest, Links));

        var hrefs = document.QuerySelectorAll("a").Select(a => a.GetAttribute("href") ?? "").ToList();
        Assert.All(hrefs, h => Assert.True(h.StartsWith("https://", StringComparison.Ordinal), h));
        Assert.Equal("A sentence. (Src)", document.QuerySelectorAll("h2")[0].NextElementSibling!.TextContent);
        Assert.Equal("Also bad", document.QuerySelector(".other li")!.TextContent);
    }

    [Fact]
    public void A_seven_section_issue_with_long_sentences_stays_under_100_KB()
    {
        var html = EmailHtmlRenderer.Render(Large(), Links);

        var bytes = Encoding.UTF8.GetByteCount(html);
        Assert.True(bytes < 100 * 1024, $"{bytes} bytes");
    }

    [Fact]
    public void The_same_digest_and_links_render_the_same_bytes()
    {
        Assert.Equal(EmailHtmlRenderer.Render(Large(), Links), EmailHtmlRenderer.Render(Large(), Links));
    }

    [Fact]
    public async Task Digest_files_include_the_email_html_with_preview_links()
    {
        var directory = Path.Combine(Path.GetTempPath(), "roundup-email-" + Guid.NewGuid().ToString("N"));
        try
        {
            var written = await DigestFiles.WriteAsync(directory, Sample(2), CancellationToken.None);

            Assert.Equal(
                [DigestFiles.Json, DigestFiles.Markdown, DigestFiles.Text, DigestFiles.Html, DigestFiles.Discord],
                written.Select(Path.GetFileName));
            var document = Parse(await File.ReadAllTextAsync(Path.Combine(directory, DigestFiles.Html)));
            Assert.Equal(EmailLinks.PlaceholderUnsubscribeUrl, Assert.Single(document.QuerySelectorAll("td.footer a")).GetAttribute("href"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static IHtmlDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    private static Digest Sample(int sections)
    {
        var emojis = new[] { "🧠", "⚡", "🤖", "🔬", "📊", "🛡️", "🧩" };
        return new Digest
        {
            Number = 5,
            Title = "Some interesting things to start the week #5",
            PeriodStart = new DateTimeOffset(2026, 11, 16, 0, 0, 0, TimeSpan.Zero),
            PeriodEnd = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero),
            Intro = "A week of small models. Second sentence of the intro.",
            Sections = [.. Enumerable.Range(0, sections).Select(i => MakeSection(emojis[i], $"Theme {i + 1}", i * 10, sentenceWords: 12))],
            OtherReads = [new DigestItem { Id = 999, Title = "A long read", Link = "https://example.org/long", Description = "worth it" }],
            Run = new DigestRun { Engine = "embedded" },
        };
    }

    private static Digest Large() => Sample(7) with
    {
        Sections = [.. Enumerable.Range(0, 7).Select(i => MakeSection("🧩", $"A fairly long section title number {i + 1}", i * 10, sentenceWords: 60))],
        OtherReads = [.. Enumerable.Range(0, 10).Select(i => new DigestItem
        {
            Id = 1000 + i,
            Title = $"Another interesting read with a long descriptive title, number {i}",
            Link = $"https://example.org/papers/2026/11/another-interesting-read-{i}?utm_source=feed&ref=roundup",
            Description = string.Join(' ', Enumerable.Repeat("description", 25)),
        })],
    };

    private static Section MakeSection(string emoji, string title, int firstId, int sentenceWords)
    {
        // Five items and four sentences; the second sentence cites an id of another section first, then two of its own.
        var items = Enumerable.Range(firstId, 5).Select(id => new DigestItem
        {
            Id = id,
            Title = $"Paper {id.ToString(CultureInfo.InvariantCulture)}: a long title about efficient reasoning in small language models",
            Link = $"https://arxiv.org/abs/2611.{id.ToString("D5", CultureInfo.InvariantCulture)}",
            Source = "arXiv cs.CL",
        }).ToList();
        var words = string.Join(' ', Enumerable.Repeat("word", sentenceWords));
        return new Section
        {
            Emoji = emoji,
            Title = title,
            Items = items,
            Sentences =
            [
                new Sentence($"{title} opens with {words}.", [firstId]),
                new Sentence($"Then {words}.", [-1, firstId + 2, firstId + 1]),
                new Sentence($"Also {words}.", [firstId + 3]),
                new Sentence($"Finally {words}.", [firstId + 4, firstId]),
            ],
        };
    }
}
