using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RoundupBot.Ingestion.Fetching;
using RoundupBot.Ingestion.Normalization;
using RoundupBot.Ingestion.Parsing;
using RoundupBot.Pipeline;
using RoundupBot.Publishing.Outbox;
using RoundupBot.Storage.Sqlite;
using RoundupBot.Summarization.Embedded;
using RoundupBot.Summarization.Embedding;
using RoundupBot.Tests.Ingestion.Fetching;
using RoundupBot.Tests.Storage;
using RoundupBot.Tests.Summarization.Embedding;

namespace RoundupBot.Tests.TestSupport;

/// <summary>
/// The real pipeline over a migrated SQLite file, a loopback feed server and the real fetcher; pipeline time is the
/// database's <see cref="TempDatabase.Time"/> (a fake clock), the fetcher's timeouts run on the system clock.
/// </summary>
internal sealed class PipelineHarness : IAsyncDisposable
{
    private PipelineHarness(TempDatabase database, LoopbackServer server, SqliteStore store, FetcherHost fetcher)
    {
        Database = database;
        Server = server;
        Store = store;
        Fetcher = fetcher;
    }

    public TempDatabase Database { get; }
    public LoopbackServer Server { get; }
    public SqliteStore Store { get; }
    public FetcherHost Fetcher { get; }

    public static async Task<PipelineHarness> StartAsync(Action<FetchOptions>? configureFetcher = null)
    {
        var database = new TempDatabase();
        return new PipelineHarness(database, await LoopbackServer.StartAsync(), await database.OpenMigratedAsync(), FetcherHost.Create(configureFetcher));
    }

    public FetchPipeline FetchPipeline(FetchOptions? options = null) =>
        new(Store, Fetcher.Fetcher, new FeedParser(), new ItemNormalizer(), Database.Time,
            Options.Create(options ?? new FetchOptions()), NullLogger<FetchPipeline>.Instance);

    /// <summary>The roundup runner, sending through <paramref name="publishers"/> (none: issues are archived, nothing is sent).</summary>
    public RoundupRunner Runner(params IDeliveryPublisher[] publishers) => new(
        FetchPipeline(),
        new DigestBuilder(Store, new EmbeddingService(Store, SharedEmbedder.Instance, NullLogger<EmbeddingService>.Instance),
            new EmbeddedSummarizer(), Database.Time, Options.Create(new RoundupOptions())),
        Store,
        new DeliveryOutbox(publishers, Store, Database.Time, Microsoft.Extensions.Options.Options.Create(new RoundupBot.Storage.StorageOptions()), NullLogger<DeliveryOutbox>.Instance),
        Database.Time,
        NullLogger<RoundupRunner>.Instance);

    public async ValueTask DisposeAsync()
    {
        Fetcher.Dispose();
        await Store.DisposeAsync();
        await Server.DisposeAsync();
        await Database.DisposeAsync();
    }
}
