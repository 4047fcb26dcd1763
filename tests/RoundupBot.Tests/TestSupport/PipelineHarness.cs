using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection;
using RoundupBot.Editing;
using RoundupBot.Ingestion.Fetching;
using RoundupBot.Publishing.Discord;
using RoundupBot.Publishing.Email;
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

    private readonly List<ServiceProvider> _services = [];

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
    public RoundupRunner Runner(params IDeliveryPublisher[] publishers) => ReviewRunner(new RoundupOptions(), null, null, publishers);

    /// <summary>
    /// The roundup runner with these <c>Roundup</c> options (review mode and its editors), telling editors through a real
    /// SMTP sender with <paramref name="email"/> and a real webhook client with <paramref name="discord"/>.
    /// </summary>
    public RoundupRunner ReviewRunner(RoundupOptions roundup, EmailOptions? email, DiscordOptions? discord, params IDeliveryPublisher[] publishers)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(TimeProvider.System);
        services.AddDiscord();
        services.Configure<DiscordOptions>(o =>
        {
            o.ApiBaseUrl = discord?.ApiBaseUrl ?? o.ApiBaseUrl;
            o.RetryDelay = TimeSpan.FromMilliseconds(20);
        });
        _services.Add(services.BuildServiceProvider());
        var provider = _services[^1];
        var roundupOptions = Options.Create(roundup);
        var notifier = new DraftNotifier(roundupOptions, provider.GetRequiredService<IOptions<DiscordOptions>>(),
            new EmailSender(Options.Create(email ?? new EmailOptions()), Database.Time, NullLogger<EmailSender>.Instance),
            provider.GetRequiredService<DiscordWebhookClient>(), NullLogger<DraftNotifier>.Instance);
        return new RoundupRunner(
            FetchPipeline(),
            Builder(roundup),
            Store,
            new DeliveryOutbox(publishers, Store, Database.Time, Options.Create(new RoundupBot.Storage.StorageOptions()), NullLogger<DeliveryOutbox>.Instance),
            notifier,
            Database.Time,
            roundupOptions,
            NullLogger<RoundupRunner>.Instance);
    }

    /// <summary>The digest builder over this store and clock.</summary>
    public DigestBuilder Builder(RoundupOptions? roundup = null) =>
        new(Store, new EmbeddingService(Store, SharedEmbedder.Instance, NullLogger<EmbeddingService>.Instance),
            new EmbeddedSummarizer(), Database.Time, Options.Create(roundup ?? new RoundupOptions()));

    /// <summary>The editor's desk over <paramref name="runner"/>.</summary>
    public DraftDesk Desk(RoundupRunner runner, RoundupOptions? roundup = null) =>
        new(Store, runner, Builder(roundup), Database.Time, Options.Create(roundup ?? new RoundupOptions()), NullLogger<DraftDesk>.Instance);

    public async ValueTask DisposeAsync()
    {
        foreach (var services in _services)
        {
            await services.DisposeAsync();
        }

        Fetcher.Dispose();
        await Store.DisposeAsync();
        await Server.DisposeAsync();
        await Database.DisposeAsync();
    }
}
