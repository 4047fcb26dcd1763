using RoundupBot.Ingestion.Parsing;

namespace RoundupBot.Tests.Ingestion.Parsing;

public class HtmlTextTests
{
    [Fact]
    public void Drops_scripts_and_styles_and_separates_blocks()
    {
        const string Html = "<h2>Title</h2><p>First&nbsp;para<br>line two</p><script>var a = '<p>no</p>';</script>"
            + "<style>p { x: 1 }</style><ul><li>One</li><li>Two</li></ul><p>caf&eacute; &amp; <b>bold</b>text</p>";

        Assert.Equal("Title First para line two One Two café & boldtext", HtmlText.ToPlainText(Html));
    }

    [Theory]
    [InlineData("<p>Before</p><script/>alert(1)</script><p>After</p>")]
    [InlineData("<p>Before</p><style/>body{display:none}</style><p>After</p>")]
    [InlineData("<p>Before</p><script/>alert(1)<script>x()</script><p>After</p>")]
    [InlineData("<p>Before</p><style/>body{display:none}<script/>alert(1)</script>p{}</style><p>After</p>")]
    [InlineData("<p>Before</p><SCRIPT type=\"text/javascript\">alert(1)</SCRIPT><p>After</p>")]
    [InlineData("<p>Before</p><script>document.write('<p>alert(1)</p>')</script><p>After</p>")]
    [InlineData("<p>Before</p><iframe src=\"javascript:alert(1)\"><p>alert(1)</p></iframe><p>After</p>")]
    [InlineData("<p>Before</p><svg><script>alert(1)</script><style>body{display:none}</style></svg><p>After</p>")]
    [InlineData("<p>Before</p><math><style>body{display:none}</style></math><p>After</p>")]
    [InlineData("<p>Before</p><noscript><style>body{display:none}</style></noscript><p>After</p>")]
    [InlineData("<p>Before</p><template><script>alert(1)</script></template><p>After</p>")]
    [InlineData("<p>Before</p><img src=x onerror=alert(1)><a href=\"javascript:alert(1)\" onclick=\"alert(1)\">After</a>")]
    public void Never_lets_script_or_style_contents_through(string html)
    {
        var text = HtmlText.ToPlainText(html);

        Assert.Equal("Before After", text);
    }

    [Fact]
    public void A_self_closed_script_in_xhtml_content_drops_nothing_after_it()
    {
        // Atom xhtml content is serialised from XML, where an empty <script></script> comes out as <script ... />.
        Assert.Equal("Before After", HtmlText.ToPlainText("<p>Before</p><script src=\"https://example.org/widget.js\" /><p>After</p>"));
        Assert.Equal("Before After", HtmlText.ToPlainText("<p>Before</p><style /><p>After</p>"));
    }

    [Fact]
    public void Leaves_plain_text_alone_apart_from_whitespace()
    {
        Assert.Equal("x < y and a > b", HtmlText.ToPlainText("  x < y\n and  a > b "));
        Assert.Equal("AT&T", HtmlText.ToPlainText("AT&amp;T"));
        Assert.Equal("", HtmlText.ToPlainText(null));
    }

    [Fact]
    public void Finds_absolute_links_once_each()
    {
        const string Html = "<p><a class=\"x\" href=\"/a?x=1&amp;y=2\">a</a> <A HREF='https://arxiv.org/abs/2401.01234'>p</A>"
            + " <a href=https://arxiv.org/abs/2401.01234>again</a> <a href=\"mailto:me@example.com\">mail</a> <a name=\"top\">top</a></p>";

        var links = HtmlText.FindLinks(Html, new Uri("https://blog.example.org/post/"));

        Assert.Equal(["https://blog.example.org/a?x=1&y=2", "https://arxiv.org/abs/2401.01234"], links);
    }

    [Theory]
    [InlineData("one two", "one two")]
    [InlineData(" one\ttwo\r\n three ", "one two three")]
    [InlineData("non\u00A0breaking\u2009thin\u3000ideographic", "non breaking thin ideographic")]
    [InlineData("double  space", "double space")]
    [InlineData("\u2028", "")]
    [InlineData("", "")]
    public void Collapses_every_kind_of_whitespace_run_to_one_space(string text, string expected) =>
        Assert.Equal(expected, HtmlText.CollapseWhitespace(text));

    [Fact]
    public void Searches_for_exactly_the_whitespace_that_char_IsWhiteSpace_knows()
    {
        var disagreeing = Enumerable.Range(0, char.MaxValue + 1).Select(i => (char)i)
            .Where(c => HtmlText.Whitespace.Contains(c) != char.IsWhiteSpace(c))
            .Select(c => $"U+{(int)c:X4}");

        Assert.Empty(disagreeing);
    }
}
