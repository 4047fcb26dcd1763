using System.Net;
using RoundupBot.Model;
using RoundupBot.Tests.TestSupport;

namespace RoundupBot.Tests.Web;

/// <summary>The draft editor's page and form posts over real HTTP, behind the admin sign-in, with antiforgery.</summary>
public sealed class AdminDraftEndpointsTests : IAsyncLifetime
{
    private TestWebServer _server = null!;

    private static CancellationToken None => CancellationToken.None;

    public async Task InitializeAsync()
    {
        _server = await TestWebServer.StartAsync();
        await _server.Store.SaveDraftAsync(TestWebServer.SampleDigest(1), TimeProvider.System.GetUtcNow(), null, null, None);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Without_signing_in_the_draft_page_and_its_forms_are_refused()
    {
        using var client = _server.Client();

        using var page = await client.GetAsync("/admin/draft");
        using var post = await client.PostAsync("/admin/draft/note", TestWebServer.Form(null, ("version", "1"), ("note", "x")));

        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
        Assert.NotEqual(HttpStatusCode.SeeOther, post.StatusCode);
        Assert.Null((await _server.Store.GetDraftAsync(None))!.Digest.EditorNote);
    }

    [Fact]
    public async Task The_page_shows_the_issue_with_its_previews_and_a_labelled_form_for_each_change()
    {
        using var client = await _server.SignedInClientAsync();

        var html = await client.GetStringAsync("/admin/draft");

        Assert.Contains("<h1>Draft: Some interesting things to start the week #1</h1>", html, StringComparison.Ordinal);
        Assert.Contains("Version 1, built", html, StringComparison.Ordinal);
        Assert.Contains("action=\"/admin/draft/heading\"", html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"title-0\">Title</label>", html, StringComparison.Ordinal);
        Assert.Contains("action=\"/admin/draft/approve\"", html, StringComparison.Ordinal);
        Assert.Contains("Email preview", html, StringComparison.Ordinal);
        Assert.Contains("Discord preview", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)</script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html.Replace("&lt;script", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Renaming_moving_an_item_and_writing_a_note_are_saved_at_once_and_approval_publishes_them()
    {
        using var client = await _server.SignedInClientAsync();

        await PostAsync(client, "/admin/draft/heading", ("version", "1"), ("section", "0"), ("title", "Thinking harder"), ("emoji", "💭"));
        await PostAsync(client, "/admin/draft/move-item", ("version", "2"), ("item", "4"), ("to", "1"));
        await PostAsync(client, "/admin/draft/note", ("version", "3"), ("note", "This week was packed."));
        var page = await client.GetStringAsync("/admin/draft");
        Assert.Contains("Version 4,", page, StringComparison.Ordinal);
        Assert.Contains("<p>This week was packed.</p>", page, StringComparison.Ordinal);

        var location = await PostAsync(client, "/admin/draft/approve", ("version", "4"));

        Assert.Equal("/digests/1", location);
        var issue = (await _server.Store.GetDigestAsync(1, None))!;
        Assert.Equal(("💭", "Thinking harder", "This week was packed."), (issue.Sections[0].Emoji, issue.Sections[0].Title, issue.EditorNote));
        Assert.Equal([2L, 4L], issue.Sections[1].Items.Select(i => i.Id));
        var web = await _server.Client().GetStringAsync("/digests/1");
        Assert.Contains("This week was packed.", web, StringComparison.Ordinal);
        Assert.Contains("💭 Thinking harder", web, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_change_made_on_a_version_someone_else_changed_is_409_changed_meanwhile()
    {
        using var client = await _server.SignedInClientAsync();
        await PostAsync(client, "/admin/draft/note", ("version", "1"), ("note", "First editor"));
        var token = await TestWebServer.FormTokenAsync(client, "/admin/draft");

        using var response = await client.PostAsync("/admin/draft/note", TestWebServer.Form(token, ("version", "1"), ("note", "Second editor")));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("The draft changed meanwhile, reload", body, StringComparison.Ordinal);
        Assert.Equal("First editor", (await _server.Store.GetDraftAsync(None))!.Digest.EditorNote);
    }

    [Theory]
    [InlineData("/admin/draft/heading", "title", "", "sections[0].title: a section title must be 1 to 100 characters; got an empty one.")]
    [InlineData("/admin/draft/heading", "emoji", "🧠🤖", "sections[0].emoji: must be exactly one emoji, such as 🧠; got &#39;🧠🤖&#39; (2 characters).")]
    [InlineData("/admin/draft/remove-item", "item", "99", "itemId: item 99 is not in the draft")]
    public async Task Bad_input_is_400_naming_the_field_and_the_draft_is_unchanged(string path, string field, string value, string message)
    {
        using var client = await _server.SignedInClientAsync();
        var token = await TestWebServer.FormTokenAsync(client, "/admin/draft");
        var fields = new Dictionary<string, string> { ["version"] = "1", ["section"] = "0", ["title"] = "Reasoning", ["emoji"] = "🧠", ["item"] = "1" };
        fields[field] = value;

        using var response = await client.PostAsync(path, TestWebServer.Form(token, [.. fields.Select(f => (f.Key, f.Value))]));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, WebUtility.HtmlDecode(body).Replace("'", "&#39;", StringComparison.Ordinal), StringComparison.Ordinal);
        var draft = (await _server.Store.GetDraftAsync(None))!;
        Assert.Equal((1, false), (draft.Version, draft.Edited));
    }

    [Fact]
    public async Task A_form_without_the_antiforgery_token_changes_nothing()
    {
        using var client = await _server.SignedInClientAsync();

        using var response = await client.PostAsync("/admin/draft/discard", TestWebServer.Form(null, ("version", "1")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(await _server.Store.GetDraftAsync(None));
    }

    private static async Task<string?> PostAsync(HttpClient client, string path, params (string Key, string Value)[] fields)
    {
        var token = await TestWebServer.FormTokenAsync(client, "/admin/draft");
        using var response = await client.PostAsync(path, TestWebServer.Form(token, fields));
        Assert.True(response.StatusCode == HttpStatusCode.SeeOther, $"{path}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response.Headers.Location?.OriginalString;
    }
}
