using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RoundupBot.Configuration;
using RoundupBot.Pipeline;
using RoundupBot.Scheduling;
using RoundupBot.Storage;

namespace RoundupBot.Cli;

/// <summary>Builds the services a command needs: configuration read and validated, store migrated, configured sources seeded.</summary>
internal static class CliHost
{
    /// <exception cref="ConfigurationException">The file or a key is wrong.</exception>
    /// <exception cref="OptionsValidationException">A value breaks a rule.</exception>
    public static async Task<ServiceProvider> StartAsync(ParseResult parseResult, CliConsole console, CliHostOptions options, CancellationToken cancellationToken)
    {
        // Not validated on build: resolving every registration up front took a tenth of a short command's start-up
        // (measured on `roundup sources list`); CliHostTests builds the same services with validation instead.
        var provider = CreateServices(parseResult, options).BuildServiceProvider();
        try
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
            await provider.GetRequiredService<IRoundupStore>().PrepareAsync(provider.GetRequiredService<IOptions<StorageOptions>>().Value, cancellationToken);
            await provider.GetRequiredService<SourceCatalog>().SeedAsync(cancellationToken);
            return provider;
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }
    }

    /// <summary>The services a command gets: configuration read (the file, the environment, then the command line), logging, and every area.</summary>
    /// <exception cref="ConfigurationException">The file is missing or is not valid JSON.</exception>
    internal static ServiceCollection CreateServices(ParseResult parseResult, CliHostOptions options)
    {
        var configuration = RoundupConfiguration.Load(parseResult.GetValue(GlobalOptions.Config) ?? GlobalOptions.DefaultConfigPath);
        if (options.ApplySchema)
        {
            // The command's whole point: it applies the schema even where start-up is told not to.
            configuration[$"{StorageOptions.SectionName}:{nameof(StorageOptions.ApplySchema)}"] = "true";
        }

        if (parseResult.GetResult(DigestCommands.Engine) is not null && parseResult.GetValue(DigestCommands.Engine) is { } engine)
        {
            // --engine outranks the file and the environment for this run; the validator then checks what it needs (an llm Endpoint and Model).
            configuration["Summarizer:Engine"] = engine;
        }
        var verbose = parseResult.GetValue(GlobalOptions.Verbose);
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            logging.SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Warning);
            // Logs go to standard error so that standard output carries only results (tables, JSON, OPML).
            logging.AddSimpleConsole(o => o.SingleLine = true);
            logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            // Per-source failures are reported by the command's own output; the logger would say it twice.
            logging.AddFilter("RoundupBot.Pipeline.FetchPipeline", verbose ? LogLevel.Debug : LogLevel.Error);
            logging.AddFilter("System.Net.Http.HttpClient", verbose ? LogLevel.Information : LogLevel.Error);
            // Polly logs every handled attempt as an error with a stack trace; our own message says what failed.
            logging.AddFilter("Polly", verbose ? LogLevel.Information : LogLevel.None);
        });
        services.AddRoundupBot(configuration, new DataDirectory(Path.GetFullPath(GlobalOptions.DataPath(parseResult))));
        if (options.Scheduler)
        {
            // The scheduler is created but never started here: commands read and write its store, they run no jobs.
            services.AddScheduling(configuration);
            services.RemoveAll<Microsoft.Extensions.Hosting.IHostedService>();
        }

        return services;
    }
}

/// <summary>What a command needs beyond the store: the scheduler's store, and the schema applied whatever the configuration says.</summary>
internal sealed record CliHostOptions(bool Scheduler = false, bool ApplySchema = false)
{
    public static CliHostOptions Default { get; } = new();
}
