using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RoundupBot.Ingestion.Fetching;
using RoundupBot.Ingestion.Normalization;
using RoundupBot.Ingestion.Parsing;
using RoundupBot.Model;
using RoundupBot.Pipeline;
using RoundupBot.Storage.Sqlite;
using RoundupBot.Summarization.Embedded;
using RoundupBot.Summarization.Embedding;
using RoundupBot.Tests.Ingestion.Fetching;
using RoundupBot.Tests.Storage;
using RoundupBot.Tests.Summarization.Embedding;
using RoundupBot.Tests.TestSupport;

namespace RoundupBot.Tests.Pipeline;

public sealed class RoundupRunnerTests : IAsyncLifetime
{
    private readonly TempDatabase _database = new();
    private LoopbackServer _server = null!;
    private SqliteStore _store = null!;
    private FetcherHost _fetcher = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync();
        _store = await _database.OpenMigratedAsync();
        _fetcher = FetcherHost.Create();
    }

    public async Task DisposeAsync()
    {
        _fetcher.Dispose();
        await _store.DisposeAsync();
        await _server.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_second_trigger_while_a_run_is_in_progress_does_nothing_and_says_so()
    {
        var release = new TaskCompletionSource();
        var requested = new TaskCompletionSource();
        _server.Map("/slow.rss", async ctx =>
        {
            requested.TrySetResult();
            await release.Task;
            ctx.Response.StatusCode = 500;
        });
        await _store.AddSourceAsync(new Source { Name = "Slow", Url = _server.Url("/slow.rss").AbsoluteUri }, CancellationToken.None);
        var runner = Runner();

        var first = runner.RunAsync("schedule", publish: true, null, CancellationToken.None);
        await requested.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var second = await runner.RunAsync("admin", publish: true, null, CancellationToken.None);
        Assert.True(runner.IsRunning);
        release.SetResult();
        var firstOutcome = await first;

        Assert.True(second.WasAlreadyRunning);
        Assert.False(firstOutcome.WasAlreadyRunning);
        Assert.Equal(1, _server.RequestCount("/slow.rss"));
        Assert.Contains("Only 0 items", firstOutcome.NotBuiltReason);
        Assert.False(runner.IsRunning);
        Assert.Empty(await _store.ListDigestsAsync(CancellationToken.None));
    }

    private RoundupRunner Runner()
    {
        var fetch = new FetchPipeline(_store, _fetcher.Fetcher, new FeedParser(), new ItemNormalizer(), _database.Time,
            Options.Create(new FetchOptions()), NullLogger<FetchPipeline>.Instance);
        var builder = new DigestBuilder(_store, new EmbeddingService(_store, SharedEmbedder.Instance, NullLogger<EmbeddingService>.Instance),
            new EmbeddedSummarizer(), _database.Time, Options.Create(new RoundupOptions()));
        return new RoundupRunner(fetch, builder, _store, _database.Time, NullLogger<RoundupRunner>.Instance);
    }
}
