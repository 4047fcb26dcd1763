using RoundupBot.Editing;
using RoundupBot.Model;
using RoundupBot.Pipeline;
using RoundupBot.Storage;
using RoundupBot.Tests.TestSupport;

namespace RoundupBot.Tests.Editing;

/// <summary>The desk over the real runner, builder and SQLite store, with a draft the real pipeline built from a loopback feed.</summary>
public sealed class DraftDeskTests : IAsyncLifetime
{
    private static readonly RoundupOptions Roundup = new() { Review = true, MinSections = 2 };
    private PipelineHarness _harness = null!;
    private RoundupRunner _runner = null!;
    private DraftDesk _desk = null!;

    private static CancellationToken None => CancellationToken.None;

    public async Task InitializeAsync()
    {
        _harness = await PipelineHarness.StartAsync();
        _harness.Server.MapFile("/research.rss", EvaluationFeed.Rss(60, _harness.Database.Time.GetUtcNow()));
        await _harness.Store.AddSourceAsync(new Source { Name = "Research", Url = _harness.Server.Url("/research.rss").AbsoluteUri }, None);
        await _harness.FetchPipeline().FetchDueAsync(null, None);
        _harness.Database.Time.Advance(TimeSpan.FromMinutes(1));
        _runner = _harness.ReviewRunner(Roundup, null, null);
        _desk = _harness.Desk(_runner, Roundup);
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Each_operation_says_so_when_there_is_no_draft()
    {
        Assert.Null(await _desk.GetAsync(None));
        Assert.Equal(NoDraftException.Text, (await Assert.ThrowsAsync<NoDraftException>(() => _desk.ApproveAsync(null, "cli", None))).Message);
        await Assert.ThrowsAsync<NoDraftException>(() => _desk.DiscardAsync(null, "cli", None));
        await Assert.ThrowsAsync<NoDraftException>(() => _desk.EditAsync(null, "note", d => DraftEdits.SetEditorNote(d, "x"), "cli", None));
    }

    [Fact]
    public async Task Edits_are_saved_at_once_and_approval_archives_the_edited_issue_exactly_once()
    {
        var built = (await _runner.RunAsync("cli", publish: true, null, None)).Draft!;

        var renamed = await _desk.EditAsync(built.Version, "rename", d => DraftEdits.SetSectionHeading(d, 0, "My first section", "🎯"), "admin", None);
        var noted = await _desk.EditAsync(renamed.Version, "note", d => DraftEdits.SetEditorNote(d, "This week was packed."), "admin", None);
        var stored = (await _desk.GetAsync(None))!;
        Assert.Equal((noted.Version, true, "My first section", "This week was packed."), (stored.Version, stored.Edited, stored.Digest.Sections[0].Title, stored.Digest.EditorNote));

        var (digest, _) = await _desk.ApproveAsync(noted.Version, "admin", None);
        var again = await Assert.ThrowsAsync<DraftChangedException>(() => _desk.ApproveAsync(noted.Version, "admin", None));

        var archived = (await _harness.Store.GetDigestAsync(1, None))!;
        Assert.Equal(("My first section", "This week was packed."), (archived.Sections[0].Title, archived.EditorNote));
        Assert.Equal(DigestJson.ContentHash(digest), archived.ContentHash);
        Assert.Single(await _harness.Store.ListDigestsAsync(None));
        Assert.Null(again.Current);
        await Assert.ThrowsAsync<NoDraftException>(() => _desk.ApproveAsync(null, "cli", None));
    }

    [Fact]
    public async Task An_edit_on_a_version_another_editor_changed_is_refused_and_the_draft_keeps_the_first_edit()
    {
        var built = (await _runner.RunAsync("cli", publish: true, null, None)).Draft!;
        await _desk.EditAsync(built.Version, "note", d => DraftEdits.SetEditorNote(d, "Editor A"), "a", None);

        var ex = await Assert.ThrowsAsync<DraftChangedException>(
            () => _desk.EditAsync(built.Version, "note", d => DraftEdits.SetEditorNote(d, "Editor B"), "b", None));

        Assert.StartsWith("The draft changed meanwhile, reload", ex.Message, StringComparison.Ordinal);
        Assert.Equal("Editor A", (await _desk.GetAsync(None))!.Digest.EditorNote);
    }

    [Fact]
    public async Task A_refused_edit_leaves_the_draft_unchanged()
    {
        var built = (await _runner.RunAsync("cli", publish: true, null, None)).Draft!;

        await Assert.ThrowsAsync<DraftEditException>(() => _desk.EditAsync(built.Version, "rename", d => DraftEdits.SetSectionHeading(d, 0, "", "🎯"), "cli", None));

        var draft = (await _desk.GetAsync(None))!;
        Assert.Equal((built.Version, false), (draft.Version, draft.Edited));
        Assert.Equal(DigestJson.Serialize(built.Digest), DigestJson.Serialize(draft.Digest));
    }

    [Fact]
    public async Task Rebuilding_replaces_an_edited_draft_with_a_fresh_build_and_discarding_removes_it()
    {
        var built = (await _runner.RunAsync("cli", publish: true, null, None)).Draft!;
        var edited = await _desk.EditAsync(built.Version, "note", d => DraftEdits.SetEditorNote(d, "Old"), "cli", None);

        var rebuilt = await _desk.RebuildAsync(edited.Version, "cli", None);

        Assert.Equal((false, (string?)null), (rebuilt.Edited, rebuilt.Digest.EditorNote));
        Assert.Equal(built.Digest.Sections.Count, rebuilt.Digest.Sections.Count);
        await _desk.DiscardAsync(rebuilt.Version, "cli", None);
        Assert.Null(await _desk.GetAsync(None));
        Assert.Empty(await _harness.Store.ListDigestsAsync(None));
    }

    [Fact]
    public async Task An_edited_digest_json_is_applied_through_the_desk()
    {
        var built = (await _runner.RunAsync("cli", publish: true, null, None)).Draft!;
        var json = DigestJson.Serialize(built.Digest with { EditorNote = "From the file." });

        var applied = await _desk.ApplyJsonAsync(null, json, "cli", None);

        Assert.Equal("From the file.", applied.Digest.EditorNote);
    }
}
