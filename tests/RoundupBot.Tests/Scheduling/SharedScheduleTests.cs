using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Quartz;
using RoundupBot.Ingestion.Fetching;
using RoundupBot.Pipeline;
using RoundupBot.Scheduling;
using RoundupBot.Storage;
using RoundupBot.Tests.TestSupport;

namespace RoundupBot.Tests.Scheduling;

/// <summary>The schedule several instances share in one PostgreSQL database (Quartz's clustered job store).</summary>
public sealed class SharedScheduleTests
{
    private const int SharedScheduleKept = 2009;
    private readonly ListLoggerProvider _logs = new();

    [Fact]
    public async Task Instances_registering_on_an_empty_database_at_the_same_moment_store_each_trigger_once()
    {
        var database = await (await PostgresServer.Shared).CreateDatabaseAsync("roundup_register");
        var instances = Enumerable.Range(0, 4).Select(_ => Instance(database, "0 0 8 ? * MON")).ToList();
        var schedulers = await Task.WhenAll(instances.Select(i => i.GetRequiredService<ISchedulerFactory>().GetScheduler().AsTask()));

        Assert.Equal(4, schedulers.Distinct().Count());
        var results = await Task.WhenAll(instances.Select((instance, i) => Task.Run(() =>
            instance.GetRequiredService<ScheduleRegistrar>().RegisterAsync(schedulers[i], replaceChanged: false, CancellationToken.None))));

        Assert.Equal(
            [("delivery-retry", 1L), ("fetch", 1L), ("weekly-digest", 1L)],
            await QueryAsync(database, "SELECT trigger_name, count(*) FROM qrtz_triggers GROUP BY trigger_name ORDER BY trigger_name"));
        // Every instance ends up with the same schedule, whoever stored it.
        Assert.All(results, r => Assert.Equal(results[0].Select(x => (x.Key, x.Schedule)), r.Select(x => (x.Key, x.Schedule))));
        await DisposeAsync(instances, schedulers);
    }

    [Fact]
    public async Task An_instance_whose_schedule_differs_keeps_the_databases_and_says_so_until_schedule_apply_replaces_it()
    {
        var database = await (await PostgresServer.Shared).CreateDatabaseAsync("roundup_shared");
        await using var first = Instance(database, "0 0 8 ? * MON");
        await first.GetRequiredService<ScheduleRegistrar>().StartAsync(CancellationToken.None);
        await using var second = Instance(database, "0 30 9 ? * TUE");

        await second.GetRequiredService<ScheduleRegistrar>().StartAsync(CancellationToken.None);

        Assert.Equal([("weekly-digest", "0 0 8 ? * MON")], await QueryAsync<string>(database,
            "SELECT t.trigger_name, c.cron_expression FROM qrtz_triggers t JOIN qrtz_cron_triggers c USING (sched_name, trigger_name, trigger_group)"));
        var warning = Assert.Single(_logs.Entries, e => e.EventId.Id == SharedScheduleKept);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("cron '0 0 8 ? * MON' in UTC", warning.Message, StringComparison.Ordinal);
        Assert.Contains("cron '0 30 9 ? * TUE' in UTC", warning.Message, StringComparison.Ordinal);
        Assert.Contains("the database's schedule wins", warning.Message, StringComparison.Ordinal);
        Assert.Contains("roundup schedule apply", warning.Message, StringComparison.Ordinal);

        var scheduler = await second.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var applied = await second.GetRequiredService<ScheduleRegistrar>().RegisterAsync(scheduler, replaceChanged: true, CancellationToken.None);

        Assert.Contains(applied, r => r.Key.Name == "weekly-digest" && r.Schedule == "cron '0 30 9 ? * TUE' in UTC");
        Assert.Equal([("weekly-digest", "0 30 9 ? * TUE")], await QueryAsync<string>(database,
            "SELECT t.trigger_name, c.cron_expression FROM qrtz_triggers t JOIN qrtz_cron_triggers c USING (sched_name, trigger_name, trigger_group)"));
        await scheduler.Shutdown(false);
        await (await first.GetRequiredService<ISchedulerFactory>().GetScheduler()).Shutdown(false);
    }

    /// <summary>One instance's services: its own scheduler over the shared database, never started.</summary>
    private ServiceProvider Instance(string connectionString, string cron)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "postgres",
            ["Storage:ConnectionString"] = connectionString,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(l => l.AddProvider(_logs).SetMinimumLevel(LogLevel.Debug));
        services.Configure<StorageOptions>(o =>
        {
            o.Provider = "postgres";
            o.ConnectionString = connectionString;
        });
        services.Configure<RoundupOptions>(o =>
        {
            o.Schedule = cron;
            o.TimeZone = "UTC";
        });
        services.Configure<FetchOptions>(o => o.Interval = TimeSpan.FromHours(1));
        services.AddScheduling(configuration);
        return services.BuildServiceProvider();
    }

    private static async Task<List<(string, long)>> QueryAsync(string connectionString, string sql) =>
        [.. (await QueryAsync<long>(connectionString, sql))];

    private static async Task<List<(string, T)>> QueryAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, T)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetFieldValue<T>(1)));
        }

        return rows;
    }

    private static async Task DisposeAsync(List<ServiceProvider> instances, IScheduler[] schedulers)
    {
        foreach (var scheduler in schedulers)
        {
            await scheduler.Shutdown(false);
        }

        foreach (var instance in instances)
        {
            await instance.DisposeAsync();
        }
    }
}
