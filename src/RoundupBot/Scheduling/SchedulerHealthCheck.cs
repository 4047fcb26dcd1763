using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;
using RoundupBot.Storage;

namespace RoundupBot.Scheduling;

/// <summary>
/// Healthy while the scheduler is running (started, not in standby, not shut down) and can read its triggers; the data
/// names each trigger's next fire time (ISO 8601, UTC), or "not scheduled". Unhealthy when the triggers cannot be read
/// within <see cref="Timeout"/> (with PostgreSQL they are in the database, so a database that went away makes the
/// scheduler idle, not just the store). Registered as "scheduler" by <see cref="SchedulingServiceCollectionExtensions.AddScheduling"/>.
/// </summary>
public sealed class SchedulerHealthCheck(ISchedulerFactory schedulerFactory) : IHealthCheck
{
    /// <summary>How long reading the triggers may take. <value>3 seconds.</value></summary>
    public static TimeSpan Timeout { get; } = TimeSpan.FromSeconds(3);

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        var data = new Dictionary<string, object> { ["status"] = scheduler.Status.ToString() };
        try
        {
            foreach (var (key, nextFireTime) in await Deadline.RunAsync(token => NextFireTimesAsync(scheduler, token), Timeout, cancellationToken))
            {
                data[key] = nextFireTime;
            }
        }
        catch (SchedulerException ex)
        {
            // Quartz's message carries its inner exception's stack trace after the first line.
            return HealthCheckResult.Unhealthy($"The scheduler cannot read its triggers: {ex.Message.Split('\n', 2)[0].Trim()}", data: data);
        }
        catch (TimeoutException)
        {
            return HealthCheckResult.Unhealthy(
                string.Create(CultureInfo.InvariantCulture, $"The scheduler could not read its triggers within {Timeout.TotalSeconds:0} s"), data: data);
        }

        return scheduler.Status == SchedulerStatus.Running
            ? HealthCheckResult.Healthy("The scheduler is running", data)
            : HealthCheckResult.Unhealthy("The scheduler is not running", data: data);
    }

    private static async Task<Dictionary<string, string>> NextFireTimesAsync(IScheduler scheduler, CancellationToken cancellationToken)
    {
        var next = new Dictionary<string, string>();
        foreach (var key in new[] { FetchJob.TriggerKey, WeeklyDigestJob.TriggerKey })
        {
            var trigger = await scheduler.GetTrigger(key, cancellationToken);
            next[key.ToString()] = trigger?.NextFireTimeUtc?.ToString("o", CultureInfo.InvariantCulture) ?? "not scheduled";
        }

        return next;
    }
}
