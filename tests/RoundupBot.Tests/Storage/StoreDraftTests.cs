using RoundupBot.Model;
using RoundupBot.Storage;
using RoundupBot.Tests.Web;

namespace RoundupBot.Tests.Storage;

/// <summary>The store contract for the editor's draft, run against every provider by the subclasses.</summary>
public abstract class StoreDraftTests : IAsyncLifetime
{
    private StoreDatabase _database = null!;
    private IRoundupStore _store = null!;

    private static CancellationToken None => CancellationToken.None;

    private DateTimeOffset Now => _database.Time.GetUtcNow();

    public async Task InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        _store = await _database.OpenMigratedAsync();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    protected StoreDatabase Database => _database;

    protected IRoundupStore Store => _store;

    protected abstract Task<StoreDatabase> CreateDatabaseAsync();

    [Fact]
    public async Task A_new_store_has_no_draft()
    {
        Assert.Null(await _store.GetDraftAsync(None));
    }

    [Fact]
    public async Task A_stored_draft_comes_back_with_its_issue_build_time_deadline_and_a_first_version()
    {
        var deadline = Now.AddHours(6);
        var saved = await _store.SaveDraftAsync(TestWebServer.SampleDigest(1), Now, deadline, null, None);

        var draft = await _store.GetDraftAsync(None);
        Assert.NotNull(saved);
        Assert.NotNull(draft);
        Assert.Equal((1, Now, false, (DateTimeOffset?)deadline), (draft.Version, draft.BuiltAt, draft.Edited, draft.Deadline));
        Assert.Equal(DigestJson.Serialize(TestWebServer.SampleDigest(1)), DigestJson.Serialize(draft.Digest));
        Assert.Equal(saved.Version, draft.Version);
    }

    [Fact]
    public async Task An_edit_on_the_current_version_is_stored_marked_edited_at_the_next_version()
    {
        var first = (await _store.SaveDraftAsync(TestWebServer.SampleDigest(1), Now, null, null, None))!;
        var edited = TestWebServer.SampleDigest(1) with { EditorNote = "My own words." };

        var updated = await _store.UpdateDraftAsync(first.Version, edited, None);

        var draft = (await _store.GetDraftAsync(None))!;
        Assert.Equal((first.Version + 1, true, "My own words."), (updated.Version, draft.Edited, draft.Digest.EditorNote));
        Assert.Equal(first.BuiltAt, draft.BuiltAt);
    }

    [Fact]
    public async Task An_edit_on_a_stale_version_is_refused_with_changed_meanwhile_and_changes_nothing()
    {
        var first = (await _store.SaveDraftAsync(TestWebServer.SampleDigest(1), Now, null, null, None))!;
        await _store.UpdateDraftAsync(first.Version, TestWebServer.SampleDigest(1) with { EditorNote = "Editor A" }, None);

        var ex = await Assert.ThrowsAsync<DraftChangedException>(
            () => _store.UpdateDraftAsync(first.Version, TestWebServer.SampleDigest(1) with { EditorNote = "Editor B" }, None));

        Assert.Equal("The draft changed meanwhile, reload: this change was made on version 1, the draft is now at version 2.", ex.Message);
        Assert.Equal("Editor A", (await _store.GetDraftAsync(None))!.Digest.EditorNote);
    }

    [Fact]
    public async Task A_newer_build_replaces_an_untouched_draft_but_keeps_an_edited_one()
    {
        var first = (await _store.SaveDraftAsync(TestWebServer.SampleDigest(1), Now, null, null, None))!;
        var second = await _store.SaveDraftAsync(TestWebServer.SampleDigest(2), Now, null, null, None);
        Assert.Equal(first.Version + 1, second!.Version);

        await _store.UpdateDraftAsync(second.Version, TestWebServer.SampleDigest(2) with { EditorNote = "Kept" }, None);
        var third = await _store.SaveDraftAsync(TestWebServer.SampleDigest(3), Now, null, null, None);

        Assert.Null(third);
        var draft = (await _store.GetDraftAsync(None))!;
        Assert.Equal((2, "Kept"), (draft.Digest.Number, draft.Digest.EditorNote));
    }

    [Fact]
    public async Task An_explicit_rebuild_replaces_an_edited_draft_when_it_names_the_current_version()
    {
        var first = (await _store.SaveDraftAsync(TestWebServer.SampleDigest(1), Now, null, null, None))!;
        var edited = await _store.UpdateDraftAsync(first.Version, TestWebServer.SampleDigest(1) with { EditorNote = "Old" }, None);

        await Assert.ThrowsAsync<DraftChangedException>(() => _store.SaveDraftAsync(TestWebServer.SampleDigest(2), Now, null, first.Version, None));
        var rebuilt = await _store.SaveDraftAsync(TestWebServer.SampleDigest(2), Now, null, edited.Version, None);

        Assert.Equal((false, 2), (rebuilt!.Edited, (await _store.GetDraftAsync(None))!.Digest.Number));
    }

    [Fact]
    public async Task A_discarded_draft_is_gone_and_an_edit_made_before_on_it_never_matches_the_next_draft()
    {
        var first = (await _store.SaveDraftAsync(TestWebServer.SampleDigest(1), Now, null, null, None))!;
        await _store.DiscardDraftAsync(first.Version, None);
        Assert.Null(await _store.GetDraftAsync(None));

        var next = (await _store.SaveDraftAsync(TestWebServer.SampleDigest(1), Now, null, null, None))!;

        Assert.True(next.Version > first.Version);
        var ex = await Assert.ThrowsAsync<DraftChangedException>(() => _store.UpdateDraftAsync(first.Version, TestWebServer.SampleDigest(1), None));
        Assert.Equal(next.Version, ex.Current);
    }

    [Fact]
    public async Task Discarding_when_there_is_no_draft_says_so()
    {
        var ex = await Assert.ThrowsAsync<DraftChangedException>(() => _store.DiscardDraftAsync(0, None));
        Assert.Null(ex.Current);
        Assert.Contains("there is no draft any more", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publishing_the_draft_archives_it_queues_its_deliveries_and_removes_it_once()
    {
        await _store.SubscribeAsync("a@example.org", SubscriberStatus.Confirmed, Now, None);
        var draft = (await _store.SaveDraftAsync(TestWebServer.SampleDigest(1), Now, null, null, None))!;

        await _store.PublishDraftAsync(draft.Version, draft.Digest, Now, [DeliveryChannel.Email], None);
        var again = await Assert.ThrowsAsync<DraftChangedException>(
            () => _store.PublishDraftAsync(draft.Version, draft.Digest, Now, [DeliveryChannel.Email], None));

        Assert.Null(again.Current);
        Assert.Null(await _store.GetDraftAsync(None));
        Assert.NotNull(await _store.GetDigestAsync(1, None));
        Assert.Single(await _store.ListDeliveriesAsync(1, None));
    }

    [Fact]
    public async Task A_draft_whose_number_is_already_archived_is_not_published_and_stays()
    {
        await _store.SaveDigestAsync(TestWebServer.SampleDigest(1), Now, [], None);
        var draft = (await _store.SaveDraftAsync(TestWebServer.SampleDigest(1), Now, null, null, None))!;

        var ex = await Assert.ThrowsAsync<StoreException>(() => _store.PublishDraftAsync(draft.Version, draft.Digest, Now, [], None));

        Assert.True(ex.Conflict);
        Assert.Equal(draft.Version, (await _store.GetDraftAsync(None))!.Version);
    }
}
