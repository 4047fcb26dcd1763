using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;

namespace RoundupBot.Scheduling;

/// <summary>
/// Healthy while the scheduler is running (started, not in standby, not shut down); the data names each trigger's next fire
/// time (ISO 8601, UTC), or "not scheduled". Registered as "scheduler" by
/// <see cref="SchedulingServiceCollectionExtensions.AddScheduling"/>.
/// </summary>
public sealed class SchedulerHealthCheck(ISchedulerFactory schedulerFactory) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        var data = new Dictionary<string, object>();
        foreach (var key in new[] { FetchJob.TriggerKey, WeeklyDigestJob.TriggerKey })
        {
            var trigger = await scheduler.GetTrigger(key, cancellationToken);
            data[key.ToString()] = trigger?.NextFireTimeUtc?.ToString("o", System.Globalization.CultureInfo.InvariantCulture) ?? "not scheduled";
        }

        data["status"] = scheduler.Status.ToString();
        return scheduler.Status == SchedulerStatus.Running
            ? HealthCheckResult.Healthy("The scheduler is running", data)
            : HealthCheckResult.Unhealthy("The scheduler is not running", data: data);
    }
}
