using RoundupBot.Model;
using RoundupBot.Pipeline;
using RoundupBot.Publishing.Discord;
using RoundupBot.Publishing.Email;
using RoundupBot.Tests.TestSupport;

namespace RoundupBot.Tests.Pipeline;

/// <summary>
/// <c>Roundup:Review</c> through the real runner: a real fetch from a loopback feed, the real build, SQLite, the editors
/// told through a real SMTP server (aiosmtpd) and the fake Discord on loopback.
/// </summary>
public sealed class ReviewModeTests : IAsyncLifetime
{
    private PipelineHarness _harness = null!;
    private SmtpSink _smtp = null!;
    private FakeDiscord _discord = null!;

    private static CancellationToken None => CancellationToken.None;

    public async Task InitializeAsync()
    {
        _harness = await PipelineHarness.StartAsync();
        _smtp = await SmtpSink.StartAsync();
        _discord = await FakeDiscord.StartAsync();
        _harness.Server.MapFile("/research.rss", EvaluationFeed.Rss(60, _harness.Database.Time.GetUtcNow()));
        await _harness.Store.AddSourceAsync(new Source { Name = "Research", Url = _harness.Server.Url("/research.rss").AbsoluteUri }, None);
        // The window ends at the build's "now" (exclusive): items fetched a minute before are in it.
        await _harness.FetchPipeline().FetchDueAsync(null, None);
        _harness.Database.Time.Advance(TimeSpan.FromMinutes(1));
    }

    public async Task DisposeAsync()
    {
        await _discord.DisposeAsync();
        await _smtp.DisposeAsync();
        await _harness.DisposeAsync();
    }

    [Fact]
    public async Task With_review_off_a_run_archives_the_issue_at_once_and_stores_no_draft()
    {
        var outcome = await _harness.Runner().RunAsync("cli", publish: true, null, None);

        Assert.True(outcome.Published, outcome.NotBuiltReason);
        Assert.Null(outcome.Draft);
        Assert.Null(await _harness.Store.GetDraftAsync(None));
        Assert.Single(await _harness.Store.ListDigestsAsync(None));
    }

    [Fact]
    public async Task With_review_on_a_run_stores_a_draft_archives_nothing_and_tells_each_editor_with_the_admin_link()
    {
        var webhook = _discord.AddWebhook();
        var runner = Runner(Review($"https://discord.com/api/webhooks/{webhook.Id}/{webhook.Token}", "editor@example.org"));

        var outcome = await runner.RunAsync("cli", publish: true, null, None);

        Assert.False(outcome.Published);
        Assert.NotNull(outcome.Draft);
        Assert.Empty(await _harness.Store.ListDigestsAsync(None));
        var draft = await _harness.Store.GetDraftAsync(None);
        Assert.Equal(outcome.Draft.Version, draft!.Version);
        Assert.Equal((2, 0), (outcome.Notice!.Told, outcome.Notice.Failures.Count));

        await _smtp.WaitForCountAsync(1);
        var mail = Assert.Single(_smtp.Received);
        Assert.Equal("editor@example.org", Assert.Single(mail.Recipients));
        Assert.Equal($"Draft to review: {draft.Digest.Title}", mail.Message.Subject);
        Assert.Contains("Review, edit and approve it: https://roundup.example.org/admin/draft", mail.Message.TextBody, StringComparison.Ordinal);
        Assert.Contains($"{draft.Digest.Sections[0].Emoji} {draft.Digest.Sections[0].Title}", mail.Message.TextBody, StringComparison.Ordinal);
        Assert.Contains("href=\"https://roundup.example.org/admin/draft\"", mail.Message.HtmlBody, StringComparison.Ordinal);
        Assert.Null(mail.Message.Headers[MimeKit.HeaderId.ListUnsubscribe]);

        var posted = Assert.Single(_discord.MessagesOf(webhook));
        var content = posted.Body.GetProperty("content").GetString()!;
        Assert.Contains(draft.Digest.Title.Replace("#", "\\#", StringComparison.Ordinal), content, StringComparison.Ordinal);
        Assert.Contains("https://roundup.example.org/admin/draft", content, StringComparison.Ordinal);
        Assert.Empty(_discord.Violations);
    }

    [Fact]
    public async Task A_newer_build_replaces_an_untouched_draft_and_keeps_an_edited_one_saying_so()
    {
        var runner = Runner(Review());
        var first = await runner.RunAsync("cli", publish: true, null, None);
        _harness.Database.Time.Advance(TimeSpan.FromHours(1));

        var second = await runner.RunAsync("schedule", publish: true, null, None);
        Assert.Equal(first.Draft!.Version + 1, second.Draft!.Version);

        await _harness.Store.UpdateDraftAsync(second.Draft.Version, second.Draft.Digest with { EditorNote = "Mine." }, None);
        var third = await runner.RunAsync("admin", publish: true, null, None);

        Assert.Null(third.Draft);
        Assert.Equal("Mine.", third.KeptDraft!.Digest.EditorNote);
        Assert.Equal("Mine.", (await _harness.Store.GetDraftAsync(None))!.Digest.EditorNote);
        Assert.Empty(await _harness.Store.ListDigestsAsync(None));
    }

    [Fact]
    public async Task The_review_deadline_publishes_an_unapproved_draft_as_it_stands_exactly_once()
    {
        var roundup = Review();
        roundup.ReviewDeadline = TimeSpan.FromHours(6);
        var runner = Runner(roundup);
        var built = await runner.RunAsync("schedule", publish: true, null, None);
        Assert.Equal(built.Draft!.BuiltAt + TimeSpan.FromHours(6), built.Draft.Deadline);

        _harness.Database.Time.Advance(TimeSpan.FromHours(5));
        Assert.Null(await runner.PublishOverdueDraftAsync("review deadline", None));
        _harness.Database.Time.Advance(TimeSpan.FromHours(1));
        var published = await runner.PublishOverdueDraftAsync("review deadline", None);
        var again = await runner.PublishOverdueDraftAsync("review deadline", None);

        Assert.NotNull(published);
        Assert.Null(again);
        var archived = Assert.Single(await _harness.Store.ListDigestsAsync(None));
        Assert.Equal(DigestJson.ContentHash(built.Draft.Digest), archived.ContentHash);
        Assert.Null(await _harness.Store.GetDraftAsync(None));
    }

    [Fact]
    public async Task An_editor_that_cannot_be_reached_is_reported_without_the_webhook_token_and_the_draft_still_waits()
    {
        var runner = Runner(Review("https://discord.com/api/webhooks/123456789012345678/not-a-known-token"));

        var outcome = await runner.RunAsync("cli", publish: true, null, None);

        Assert.NotNull(outcome.Draft);
        var failure = Assert.Single(outcome.Notice!.Failures);
        Assert.StartsWith("webhooks/123456789012345678/***", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-known-token", failure, StringComparison.Ordinal);
    }

    private RoundupOptions Review(params string[] editors) => new()
    {
        Review = true,
        Editors = [.. editors],
        BaseUrl = "https://roundup.example.org",
        MinSections = 2,
    };

    private RoundupRunner Runner(RoundupOptions roundup) => _harness.ReviewRunner(
        roundup,
        new EmailOptions
        {
            Smtp = new SmtpOptions { Host = "127.0.0.1", Port = _smtp.Port, Security = SmtpSecurity.None },
            From = "Roundup <roundup@example.org>",
            MessagesPerSecond = 0,
        },
        new DiscordOptions { ApiBaseUrl = _discord.ApiBaseUrl });
}
