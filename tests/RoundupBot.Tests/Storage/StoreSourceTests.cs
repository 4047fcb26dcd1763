using RoundupBot.Model;
using RoundupBot.Storage;
namespace RoundupBot.Tests.Storage;

/// <summary>The store contract for sources, run against every provider by the subclasses.</summary>
public abstract class StoreSourceTests : IAsyncLifetime
{
    private StoreDatabase _database = null!;
    private IRoundupStore _store = null!;
    private static CancellationToken None => CancellationToken.None;

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
    public async Task Migrating_again_changes_nothing()
    {
        await _store.MigrateAsync(None);
        await _database.Open().MigrateAsync(None);

        var row = await _database.QueryRowAsync("SELECT COUNT(*), MAX(version) FROM schema_migrations");

        Assert.Equal(_database.SchemaVersion, Convert.ToInt32(row![0]));
        Assert.Equal(_database.SchemaVersion, Convert.ToInt32(row[1]));
    }

    [Fact]
    public async Task Refuses_a_database_newer_than_the_program()
    {
        var newer = _database.SchemaVersion + 1;
        await _database.MarkSchemaVersionAsync(newer);

        var error = await Assert.ThrowsAsync<StoreException>(() => _database.Open().MigrateAsync(None));

        Assert.Contains($"schema version {newer} is newer than this program's {_database.SchemaVersion}; upgrade roundup", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adds_a_source_and_reads_it_back()
    {
        var added = await _store.AddSourceAsync(
            new Source
            {
                Name = "Lab blog",
                Url = "https://lab.example.org/feed.xml",
                Kind = SourceKind.Html,
                Weight = 1.5,
                Selectors = new HtmlSelectors { Item = "article", Title = "h2", Date = "time" },
            },
            None);

        var read = await _store.GetSourceAsync(added.Id, None);

        Assert.True(added.Id > 0);
        Assert.NotNull(read);
        Assert.Equal("Lab blog", read.Name);
        Assert.Equal(SourceKind.Html, read.Kind);
        Assert.Equal(1.5, read.Weight);
        Assert.Equal(new HtmlSelectors { Item = "article", Title = "h2", Date = "time" }, read.Selectors);
        Assert.True(read.Enabled);
        Assert.Equal(read, await _store.FindSourceByUrlAsync("https://lab.example.org/feed.xml", None));
        Assert.Null(await _store.FindSourceByUrlAsync("https://other.example.org/", None));
        Assert.Null(await _store.GetSourceAsync(999, None));
    }

    [Fact]
    public async Task Refuses_a_second_source_with_the_same_url_as_a_conflict()
    {
        await _store.AddSourceAsync(new Source { Name = "A", Url = "https://example.org/feed" }, None);

        var error = await Assert.ThrowsAsync<StoreException>(
            () => _store.AddSourceAsync(new Source { Name = "B", Url = "https://example.org/feed" }, None));

        Assert.True(error.Conflict);
        Assert.Contains("https://example.org/feed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lists_sources_by_id_with_how_many_items_each_carried()
    {
        var a = await _store.AddSourceAsync(new Source { Name = "A", Url = "https://a.example/feed" }, None);
        var b = await _store.AddSourceAsync(new Source { Name = "B", Url = "https://b.example/feed" }, None);
        await _store.UpsertItemsAsync(a.Id, [Candidates.Url("https://a.example/1"), Candidates.Url("https://a.example/2")], _database.Time.GetUtcNow(), None);
        await _store.UpsertItemsAsync(b.Id, [Candidates.Url("https://a.example/2")], _database.Time.GetUtcNow(), None);

        var sources = await _store.ListSourcesAsync(None);

        Assert.Equal([a.Id, b.Id], sources.Select(s => s.Id));
        Assert.Equal([2, 1], sources.Select(s => s.ItemCount));
    }

    [Fact]
    public async Task Removes_a_source_and_the_items_only_it_carried()
    {
        var a = await _store.AddSourceAsync(new Source { Name = "A", Url = "https://a.example/feed" }, None);
        var b = await _store.AddSourceAsync(new Source { Name = "B", Url = "https://b.example/feed" }, None);
        var now = _database.Time.GetUtcNow();
        await _store.UpsertItemsAsync(a.Id, [Candidates.Url("https://a.example/only-a"), Candidates.Url("https://a.example/shared")], now, None);
        await _store.UpsertItemsAsync(b.Id, [Candidates.Url("https://a.example/shared")], now, None);

        Assert.True(await _store.RemoveSourceAsync(a.Id, None));
        Assert.False(await _store.RemoveSourceAsync(a.Id, None));

        var items = await _store.ListItemsAsync(now.AddDays(-1), now.AddDays(1), None);
        var shared = Assert.Single(items);
        Assert.Equal("url:a.example/shared", shared.CanonicalKey);
        Assert.Equal([b.Id], shared.SourceIds);
        Assert.Equal([b.Id], (await _store.ListSourcesAsync(None)).Select(s => s.Id));
    }

    [Fact]
    public async Task Round_trips_fetch_state_in_utc()
    {
        var source = await _store.AddSourceAsync(new Source { Name = "A", Url = "https://a.example/feed" }, None);
        var state = new SourceFetchState
        {
            ETag = "\"abc\"",
            LastModified = "Mon, 15 Jan 2024 07:00:00 GMT",
            LastFetchedAt = new DateTimeOffset(2024, 1, 15, 9, 30, 1, 123, TimeSpan.FromHours(1)),
            LastStatus = 503,
            LastError = "Service unavailable",
            ConsecutiveFailures = 3,
            NextDueAt = new DateTimeOffset(2024, 1, 15, 9, 0, 0, TimeSpan.Zero),
            FeedTitle = "A's feed",
        };

        await _store.SaveFetchStateAsync(source.Id, state, None);
        var read = (await _store.GetSourceAsync(source.Id, None))!.Fetch;

        Assert.Equal(state, read);
        Assert.Equal(TimeSpan.Zero, read.LastFetchedAt!.Value.Offset);
        Assert.Equal(TimeSpan.Zero, read.NextDueAt!.Value.Offset);
    }

    [Fact]
    public async Task Lists_enabled_sources_that_are_due()
    {
        var now = _database.Time.GetUtcNow();
        var never = await _store.AddSourceAsync(new Source { Name = "never fetched", Url = "https://1.example/" }, None);
        var past = await _store.AddSourceAsync(new Source { Name = "due", Url = "https://2.example/" }, None);
        var exact = await _store.AddSourceAsync(new Source { Name = "due now", Url = "https://3.example/" }, None);
        var future = await _store.AddSourceAsync(new Source { Name = "later", Url = "https://4.example/" }, None);
        await _store.AddSourceAsync(new Source { Name = "disabled", Url = "https://5.example/", Enabled = false }, None);
        await _store.SaveFetchStateAsync(past.Id, new SourceFetchState { NextDueAt = now.AddMinutes(-5) }, None);
        await _store.SaveFetchStateAsync(exact.Id, new SourceFetchState { NextDueAt = now }, None);
        await _store.SaveFetchStateAsync(future.Id, new SourceFetchState { NextDueAt = now.AddMinutes(5) }, None);

        var due = await _store.ListDueSourcesAsync(now, None);

        Assert.Equal([never.Id, past.Id, exact.Id], due.Select(s => s.Id));
    }

    [Fact]
    public async Task A_due_source_is_claimed_once_and_stays_taken_until_its_lease_ends()
    {
        var now = _database.Time.GetUtcNow();
        var source = await _store.AddSourceAsync(new Source { Name = "due", Url = "https://1.example/" }, None);
        var disabled = await _store.AddSourceAsync(new Source { Name = "off", Url = "https://2.example/", Enabled = false }, None);
        var later = await _store.AddSourceAsync(new Source { Name = "later", Url = "https://3.example/" }, None);
        await _store.SaveFetchStateAsync(later.Id, new SourceFetchState { NextDueAt = now.AddMinutes(5) }, None);

        var claimed = await _store.ClaimSourceAsync(source.Id, "me", now, now.AddMinutes(10), None);
        var again = await _store.ClaimSourceAsync(source.Id, "me", now.AddMinutes(9), now.AddMinutes(19), None);
        var afterLease = await _store.ClaimSourceAsync(source.Id, "me", now.AddMinutes(10), now.AddMinutes(20), None);

        Assert.Equal(source.Url, claimed?.Url);
        Assert.Equal(now.AddMinutes(10), claimed!.Fetch.NextDueAt);
        Assert.Null(again);
        Assert.NotNull(afterLease);
        Assert.DoesNotContain(source.Id, (await _store.ListDueSourcesAsync(now.AddMinutes(15), None)).Select(s => s.Id));
        Assert.Null(await _store.ClaimSourceAsync(disabled.Id, "me", now, now.AddMinutes(10), None));
        Assert.Null(await _store.ClaimSourceAsync(later.Id, "me", now, now.AddMinutes(10), None));
        Assert.Null(await _store.ClaimSourceAsync(99_999, "me", now, now.AddMinutes(10), None));
    }

    [Fact]
    public async Task Saving_the_fetch_state_ends_the_claim()
    {
        var now = _database.Time.GetUtcNow();
        var source = await _store.AddSourceAsync(new Source { Name = "due", Url = "https://1.example/" }, None);
        await _store.ClaimSourceAsync(source.Id, "me", now, now.AddHours(2), None);

        await _store.SaveFetchStateAsync(source.Id, new SourceFetchState { LastFetchedAt = now, NextDueAt = now.AddMinutes(30) }, None);

        Assert.Equal([source.Id], (await _store.ListDueSourcesAsync(now.AddMinutes(30), None)).Select(s => s.Id));
    }

    [Fact]
    public async Task The_sources_of_a_claimer_that_is_gone_are_due_again_at_once()
    {
        var now = _database.Time.GetUtcNow();
        var dead = await _store.AddSourceAsync(new Source { Name = "dead", Url = "https://1.example/" }, None);
        var alive = await _store.AddSourceAsync(new Source { Name = "alive", Url = "https://2.example/" }, None);
        await _store.ClaimSourceAsync(dead.Id, "gone", now, now.AddHours(1), None);
        await _store.ClaimSourceAsync(alive.Id, "running", now, now.AddHours(1), None);

        var released = await _store.ReleaseSourceClaimsAsync(now.AddMinutes(1), claimant => claimant == "gone", None);

        Assert.Equal(1, released);
        Assert.Equal([dead.Id], (await _store.ListDueSourcesAsync(now.AddMinutes(1), None)).Select(s => s.Id));
        Assert.Equal(0, await _store.ReleaseSourceClaimsAsync(now.AddMinutes(1), claimant => claimant == "gone", None));
    }
}
