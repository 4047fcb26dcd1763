using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RoundupBot.Configuration;
using RoundupBot.Ingestion;
using RoundupBot.Ingestion.Fetching;
using RoundupBot.Ingestion.Normalization;
using RoundupBot.Ingestion.Parsing;
using RoundupBot.Pipeline;
using RoundupBot.Publishing.Discord;
using RoundupBot.Publishing.Email;
using RoundupBot.Publishing.Outbox;
using RoundupBot.Storage;
using RoundupBot.Storage.Postgres;
using RoundupBot.Storage.Sqlite;
using RoundupBot.Subscriptions;
using RoundupBot.Summarization;
using RoundupBot.Summarization.Embedded;
using RoundupBot.Summarization.Embedding;
using RoundupBot.Summarization.Llm;
using RoundupBot.Web;

namespace RoundupBot;

/// <summary>Composes RoundupBot's services from configuration, one area at a time. Uses TryAdd so tests can swap parts.</summary>
public static class RoundupBotServiceCollectionExtensions
{
    /// <summary>Adds every area: options (validated at start), storage under <paramref name="dataDirectory"/>, ingestion, summarization, publishing, subscriptions and the pipeline.</summary>
    public static IServiceCollection AddRoundupBot(this IServiceCollection services, IConfiguration configuration, DataDirectory dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(dataDirectory);
        services.AddStrictOptions<RoundupOptions, RoundupOptionsValidator>(configuration, RoundupOptions.SectionName);
        services.AddStrictOptions<SummarizerOptions, SummarizerOptionsValidator>(configuration, SummarizerOptions.SectionName);
        services.AddStrictOptions<DiscordOptions, DiscordOptionsValidator>(configuration, DiscordOptions.SectionName);
        services.AddStrictOptions<EmailOptions, EmailOptionsValidator>(configuration, EmailOptions.SectionName);
        services.AddStrictOptions<AdminOptions, WebOptionsValidator>(configuration, AdminOptions.SectionName);
        services.AddStrictOptions<SecurityOptions, WebOptionsValidator>(configuration, SecurityOptions.SectionName);
        return services
            .AddStorage(configuration)
            .AddIngestion(configuration)
            .AddSummarization()
            .AddEmail()
            .AddDiscord()
            .AddSubscriptions()
            .AddPipeline();
    }

    /// <summary>
    /// The store picked by <c>Storage:Provider</c>: SQLite (the default; <c>Storage:ConnectionString</c> a file path, or
    /// empty for <c>roundup.db</c> in the data directory) or PostgreSQL (<c>Storage:ConnectionString</c> an Npgsql
    /// connection string). Nothing connects until the store is first used.
    /// </summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddStrictOptions<StorageOptions, StorageOptionsValidator>(configuration, StorageOptions.SectionName);
        services.TryAddSingleton<IRoundupStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            if (options.IsPostgres)
            {
                return new PostgresStore(options.ConnectionString!, sp.GetRequiredService<TimeProvider>());
            }

            var path = string.IsNullOrWhiteSpace(options.ConnectionString)
                ? Path.Combine(sp.GetRequiredService<DataDirectory>().Path, "roundup.db")
                : options.ConnectionString;
            return new SqliteStore(path, sp.GetRequiredService<TimeProvider>());
        });
        return services;
    }

    /// <summary>Fetching, parsing and normalization, with the <c>Fetch</c> and <c>Sources</c> options.</summary>
    public static IServiceCollection AddIngestion(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddStrictOptions<FetchOptions, FetchOptionsValidator>(configuration, FetchOptions.SectionName);
        // Read from configuration rather than IOptions<RoundupOptions>, so a bad Roundup section is reported once, by its own validator.
        services.AddOptions<FetchOptions>().PostConfigure(fetch =>
        {
            var baseUrl = configuration[$"{RoundupOptions.SectionName}:{nameof(RoundupOptions.BaseUrl)}"];
            if (fetch.UserAgent == FetchOptions.DefaultUserAgent && !string.IsNullOrWhiteSpace(baseUrl))
            {
                fetch.UserAgent = $"{FetchOptions.DefaultUserAgent} (+{baseUrl})";
            }
        });
        services.AddOptions<SourcesOptions>()
            .Configure(o => ConfigurationBinding.Bind(configuration, SourcesOptions.SectionName, o.Sources))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SourcesOptions>, SourcesOptionsValidator>());
        services.AddFetching();
        services.TryAddSingleton<FeedParser>();
        services.TryAddSingleton<ItemNormalizer>();
        return services;
    }

    /// <summary>Embedding, clustering, the embedded engine and the LLM engine (which connects only when <c>Summarizer:Engine</c> is <c>llm</c>).</summary>
    public static IServiceCollection AddSummarization(this IServiceCollection services)
    {
        services.AddEmbedding();
        services.TryAddSingleton<EmbeddedSummarizer>();
        services.AddLlm();
        return services;
    }

    /// <summary>The use cases the command line and the scheduler share.</summary>
    public static IServiceCollection AddPipeline(this IServiceCollection services)
    {
        services.TryAddSingleton<FetchPipeline>();
        services.TryAddSingleton<SourceInspector>();
        services.TryAddSingleton<SourceCatalog>();
        services.TryAddSingleton<DigestBuilder>();
        services.TryAddSingleton<RoundupRunner>();
        services.TryAddSingleton<Editing.DraftNotifier>();
        services.TryAddSingleton<Editing.DraftDesk>();
        services.TryAddSingleton<DeliveryOutbox>();
        return services;
    }

    private static void AddStrictOptions<TOptions, TValidator>(this IServiceCollection services, IConfiguration configuration, string sectionName)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddOptions<TOptions>()
            .Configure(o => ConfigurationBinding.Bind(configuration, sectionName, o))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
    }
}
