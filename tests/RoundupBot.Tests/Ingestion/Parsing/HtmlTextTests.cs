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
}
