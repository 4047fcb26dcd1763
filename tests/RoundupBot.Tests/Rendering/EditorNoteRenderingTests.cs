using RoundupBot.Model;
using RoundupBot.Rendering;
using RoundupBot.Tests.TestSupport;
using RoundupBot.Tests.Web;

namespace RoundupBot.Tests.Rendering;

/// <summary>The editor's note opens every rendering, before the intro; without one, nothing changes.</summary>
public sealed class EditorNoteRenderingTests
{
    private const string Note = "I thought December was going to be a slow month *for everybody*, but boy.\n\nThis one is packed.";

    private static readonly Digest Plain = TestWebServer.SampleDigest(5);

    private static readonly Digest Noted = Plain with { EditorNote = Note };

    private static void AssertBefore(string text, string first, string second)
    {
        var a = text.IndexOf(first, StringComparison.Ordinal);
        var b = text.IndexOf(second, StringComparison.Ordinal);
        Assert.True(a >= 0, $"'{first}' is missing");
        Assert.True(b > a, $"'{first}' is not before '{second}'");
    }

    [Fact]
    public void Markdown_and_text_open_with_the_note_before_the_intro()
    {
        var md = MarkdownRenderer.Render(Noted);
        var text = TextRenderer.Render(Noted, null);

        AssertBefore(md, "I thought December was going to be a slow month \\*for everybody\\*, but boy.\n\nThis one is packed.\n\n", "A week of");
        AssertBefore(text, "I thought December was going to be a slow month *for everybody*, but boy.\n\nThis one is packed.\n\n", "A week of");
    }

    [Fact]
    public void The_email_opens_with_the_note_in_its_preheader_and_body()
    {
        var html = EmailHtmlRenderer.Render(Noted, SampleIssue.Links);

        AssertBefore(html, "<div class=\"preheader\"", "I thought December");
        AssertBefore(html, "<em>I thought December was going to be a slow month *for everybody*, but boy.</em></p>", "A week of &lt;script&gt;");
        AssertBefore(html, "<p class=\"note\"", "<em>This one is packed.</em></p>");
    }

    [Fact]
    public void Discord_opens_with_the_note_after_the_title()
    {
        var header = DiscordRenderer.Render(Noted, null)[0].Content!;

        AssertBefore(header, "# Some interesting things", "I thought December was going to be a slow month \\*for everybody\\*");
        AssertBefore(header, "This one is packed.", "A week of");
    }

    [Fact]
    public void The_web_page_and_the_atom_feed_open_with_the_note()
    {
        var body = RoundupBot.Web.IssuePageCache.RenderBody(Noted);
        var atom = System.Text.Encoding.UTF8.GetString(RoundupBot.Web.AtomFeedWriter.Write(null, "Roundup", [(Noted, DateTimeOffset.UnixEpoch)]));

        AssertBefore(body, "<p>I thought December was going to be a slow month *for everybody*, but boy.</p>", "<p>A week of");
        AssertBefore(atom, "<summary type=\"text\">I thought December", "A week of");
    }

    [Fact]
    public void An_issue_without_a_note_renders_and_hashes_exactly_as_before()
    {
        Assert.DoesNotContain("editorNote", DigestJson.Serialize(Plain), StringComparison.Ordinal);
        Assert.Equal(MarkdownRenderer.Render(Plain), MarkdownRenderer.Render(Plain with { EditorNote = "  " }));
        Assert.DoesNotContain("class=\"note\"", EmailHtmlRenderer.Render(Plain, SampleIssue.Links), StringComparison.Ordinal);
        Assert.NotEqual(DigestJson.ContentHash(Plain), DigestJson.ContentHash(Noted));
    }
}
