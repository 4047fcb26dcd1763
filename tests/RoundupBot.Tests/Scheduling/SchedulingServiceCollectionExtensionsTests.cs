using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RoundupBot.Ingestion.Fetching;
using RoundupBot.Pipeline;
using RoundupBot.Scheduling;
using RoundupBot.Storage;
using RoundupBot.Tests.TestSupport;

namespace RoundupBot.Tests.Scheduling;

/// <summary>The scheduler on the real Quartz SQLite job store, in the store's own database file.</summary>
[Collection(WallClockTiming.Name)]
public sealed class SchedulingServiceCollectionExtensionsTests : IAsyncLifetime
{
    private const int RoundupStarting = 2004;
    private const int TriggerKept = 2001;
    private const int TriggerAdded = 2000;

    private readonly ListLoggerProvider _logs = new();
    private PipelineHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await PipelineHarness.StartAsync();

    public async Task DisposeAsync()
    {
        // Quartz's connections stay pooled; the temporary database folder can only go once they are closed.
        SqliteConnection.ClearAllPools();
        await _harness.DisposeAsync();
    }

    [Fact]
    public async Task A_roundup_missed_while_the_service_was_stopped_runs_once_when_it_starts_again()
    {
        // A cron that names one second only, a few seconds ahead: the one firing the restart must not lose.
        var due = TimeProvider.System.GetUtcNow().AddSeconds(8);
        due = new DateTimeOffset(due.Year, due.Month, due.Day, due.Hour, due.Minute, due.Second, TimeSpan.Zero);
        var cron = string.Create(CultureInfo.InvariantCulture, $"{due.Second} {due.Minute} {due.Hour} {due.Day} {due.Month} ? {due.Year}");

        using (var first = BuildHost(cron))
        {
            await first.StartAsync();
            await first.StopAsync();
        }

        Assert.True(TimeProvider.System.GetUtcNow() < due, "the first host took too long to stop; the firing was not missed");
        Assert.Contains(_logs.Entries, e => e.EventId.Id == TriggerAdded && e.Message.Contains("weekly-digest", StringComparison.Ordinal));
        Assert.Equal(0, _logs.Count(RoundupStarting));
        await Task.Delay(due.AddSeconds(1.5) - TimeProvider.System.GetUtcNow());

        using var second = BuildHost(cron);
        await second.StartAsync();
        await WaitUntilAsync(() => _logs.Count(RoundupStarting) >= 1, TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(1));
        var health = await second.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        await second.StopAsync();

        Assert.Equal(1, _logs.Count(RoundupStarting));
        var started = Assert.Single(_logs.Entries, e => e.EventId.Id == RoundupStarting);
        Assert.Contains(due.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture), started.Message, StringComparison.Ordinal);
        Assert.Contains(_logs.Entries, e => e.EventId.Id == TriggerKept && e.Message.Contains("weekly-digest", StringComparison.Ordinal));
        Assert.Equal(HealthStatus.Healthy, health.Entries["scheduler"].Status);
        Assert.True(QuartzTablesExist());
    }

    [Fact]
    public async Task A_changed_schedule_replaces_the_stored_trigger_and_says_so()
    {
        using (var first = BuildHost("0 0 8 ? * MON"))
        {
            await first.StartAsync();
            await first.StopAsync();
        }

        using var second = BuildHost("0 0 9 ? * MON");
        await second.StartAsync();
        await second.StopAsync();

        Assert.Contains(_logs.Entries, e => e.EventId.Id == 2002 && e.Message.Contains("0 0 9 ? * MON", StringComparison.Ordinal));
    }

    private IHost BuildHost(string cron)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(_logs);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new DataDirectory(_harness.Database.Directory));
        services.Configure<StorageOptions>(o => o.ConnectionString = _harness.Database.Path);
        services.Configure<RoundupOptions>(o => o.Schedule = cron);
        services.Configure<FetchOptions>(o => o.Interval = TimeSpan.FromHours(1));
        services.Configure<ScheduleTuning>(o => o.MisfireThreshold = TimeSpan.FromSeconds(1));
        services.AddSingleton(_harness.FetchPipeline());
        services.AddSingleton(_harness.Runner());
        services.AddScheduling(new ConfigurationBuilder().Build());
        return builder.Build();
    }

    private bool QuartzTablesExist()
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _harness.Database.Path }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'QRTZ_TRIGGERS'";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) == 1;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = TimeProvider.System.GetUtcNow() + timeout;
        while (!condition() && TimeProvider.System.GetUtcNow() < deadline)
        {
            await Task.Delay(50);
        }
    }
}
