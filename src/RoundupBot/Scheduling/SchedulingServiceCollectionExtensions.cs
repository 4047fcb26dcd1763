using Microsoft.Data.Sqlite;
using Npgsql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Quartz;
using RoundupBot.Configuration;
using RoundupBot.Storage;

namespace RoundupBot.Scheduling;

/// <summary>Adds the scheduler that <c>roundup serve</c> runs.</summary>
public static class SchedulingServiceCollectionExtensions
{
    /// <summary>The prefix of Quartz's tables in the store's database.</summary>
    public const string TablePrefix = "QRTZ_";

    /// <summary>
    /// Adds Quartz with the generic host: the fetch job every <c>Fetch:Interval</c>, the delivery-retry job every five
    /// minutes, the roundup on <c>Roundup:Schedule</c>
    /// in <c>Roundup:TimeZone</c>, a persistent job store in the store's database (SQLite; or PostgreSQL, clustered, so
    /// several instances share one schedule; tables prefixed
    /// <see cref="TablePrefix"/>, created when missing), graceful shutdown (a running job finishes) and the "scheduler"
    /// health check. Needs <see cref="RoundupBotServiceCollectionExtensions.AddRoundupBot"/> (or at least the pipeline and storage).
    /// </summary>
    public static IServiceCollection AddScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // Quartz is configured now, before the container exists; the validator still checks these values at start-up.
        var storage = new StorageOptions();
        ConfigurationBinding.Bind(configuration, StorageOptions.SectionName, storage);
        services.AddOptions<ScheduleTuning>();
        // Registered before Quartz's hosted service, so the triggers are in the store before the scheduler starts.
        services.TryAddSingleton<ScheduleRegistrar>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, ScheduleRegistrar>(sp => sp.GetRequiredService<ScheduleRegistrar>()));
        services.AddQuartz(quartz =>
        {
            if (storage.IsPostgres)
            {
                // An instance takes as many waiting firings at once as it has free threads, and looks for work that
                // another instance queued (Quartz does not tell it) every few seconds, so queued fetches spread.
                quartz.ConfigureScheduler(o =>
                {
                    o.MaxBatchSize = 10;
                    o.IdleWaitTime = TimeSpan.FromSeconds(2);
                });
            }

            quartz.UsePersistentStore(store =>
            {
                if (storage.IsPostgres)
                {
                    // Several `roundup serve` instances share the schedule: each firing runs on one of them, and the
                    // work of one that stops checking in is taken over after CheckinInterval + CheckinMisfireThreshold.
                    store.UsePostgres(NpgsqlFactory.Instance, storage.ConnectionString!);
                    store.UseClustering(c =>
                    {
                        c.CheckinInterval = storage.CheckinInterval;
                        c.CheckinMisfireThreshold = storage.CheckinMisfireThreshold;
                    });
                }
                else
                {
                    // The data directory is known only once the container is built, hence the factory.
                    store.UseSqlite(source => source.DataSourceFactory = sp => SqliteFactory.Instance.CreateDataSource(ConnectionString(sp)));
                }

                store.ConfigureStore(o =>
                {
                    o.TablePrefix = TablePrefix;
                    // Without the right to create tables, start-up only checks they are there (roundup schema apply makes them).
                    o.SchemaProvisioning = storage.ApplySchema ? SchemaProvisioning.CreateIfMissing : SchemaProvisioning.Validate;
                    // A trigger that fell due more than a minute ago while the database was away is misfired, and only
                    // the misfire pass fires it again: by default once a minute, which held the schedule back for up
                    // to a minute after the database was back.
                    o.MisfireHandlerFrequency = TimeSpan.FromSeconds(10);
                });
            });
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        if (storage.IsPostgres)
        {
            services.AddHostedService<DueDeliveryPoller>();
        }

        services.AddHostedService<DraftDeadlineWatcher>();
        services.AddHealthChecks().AddCheck<SchedulerHealthCheck>("scheduler");
        return services;
    }

    /// <summary>The same SQLite file the store opens (see <see cref="RoundupBotServiceCollectionExtensions.AddStorage"/>).</summary>
    private static string ConnectionString(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var path = string.IsNullOrWhiteSpace(options.ConnectionString)
            ? Path.Combine(services.GetRequiredService<DataDirectory>().Path, "roundup.db")
            : options.ConnectionString;
        return new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(path), Pooling = true }.ToString();
    }
}
