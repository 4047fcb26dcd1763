using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;
using RoundupBot.Pipeline;
using RoundupBot.Storage;

namespace RoundupBot.Scheduling;

/// <summary>
/// The weekly roundup on the <c>Roundup:Schedule</c> cron: the same <see cref="RoundupRunner"/> run as <c>roundup run</c>
/// and the admin button. A firing missed while the service was down runs once at start-up when it is at most
/// <see cref="MaxLateness"/> late and is skipped, with a log line, when it is later: last Monday's issue on Wednesday
/// would only confuse readers.
/// </summary>
[DisallowConcurrentExecution]
public sealed class WeeklyDigestJob(RoundupRunner runner, TimeProvider timeProvider, IOptions<StorageOptions> storage, ILogger<WeeklyDigestJob> logger) : IJob
{
    /// <summary>The job in the Quartz store.</summary>
    public static JobKey Key { get; } = new("weekly-digest", "roundup");

    /// <summary>Its cron trigger in the Quartz store.</summary>
    public static TriggerKey TriggerKey { get; } = new("weekly-digest", "roundup");

    /// <summary>How late a missed roundup may still run. <value>One day.</value></summary>
    public static TimeSpan MaxLateness { get; } = TimeSpan.FromDays(1);

    /// <inheritdoc />
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["Job"] = Key.Name, ["FireInstanceId"] = context.FireInstanceId });
        // A recovery fires a one-off trigger of its own; the firing it stands for is in that trigger's data.
        var due = context.Recovering && OriginalDueTime(context.Trigger.JobDataMap) is { } original
            ? original
            : DueTime(context.Trigger, context.ScheduledFireTimeUtc ?? context.FireTimeUtc, context.PreviousFireTimeUtc);
        await Recovery.WaitForDeadClaimsAsync(context, storage.Value, timeProvider, logger, cancellationToken);
        await RunIfOnTimeAsync(due, cancellationToken);
    }

    /// <summary>Runs the roundup due at <paramref name="dueTimeUtc"/> unless that is more than <see cref="MaxLateness"/> ago.</summary>
    /// <returns>The run's outcome, or null when it was skipped for being too late.</returns>
    internal async Task<RoundupOutcome?> RunIfOnTimeAsync(DateTimeOffset dueTimeUtc, CancellationToken cancellationToken)
    {
        var lateness = timeProvider.GetUtcNow() - dueTimeUtc;
        if (lateness > MaxLateness)
        {
            Log.RoundupTooLate(logger, dueTimeUtc, lateness, MaxLateness);
            return null;
        }

        Log.RoundupStarting(logger, dueTimeUtc, lateness < TimeSpan.Zero ? TimeSpan.Zero : lateness);
        var outcome = await runner.RunAsync("schedule", publish: true, null, cancellationToken);
        if (outcome.WasAlreadyRunning)
        {
            Log.RoundupSkippedAlreadyRunning(logger);
        }

        return outcome;
    }

    /// <summary>When the firing a recovery trigger stands for was due, as Quartz records it in the trigger's data.</summary>
    internal static DateTimeOffset? OriginalDueTime(JobDataMap data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var text = data.GetString(SchedulerConstants.FailedJobOriginalTriggerScheduledFireTime);
        if (long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var milliseconds))
        {
            return DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
        }

        return DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var time) ? time : null;
    }

    /// <summary>
    /// When the firing was due. Quartz re-times a misfired trigger to "now" before firing it (fire-and-proceed), so
    /// <paramref name="scheduledFireTimeUtc"/> then says when it fired, not when the roundup was due: the latest time the
    /// trigger's own schedule names at or before it (and after the previous firing) does.
    /// </summary>
    internal static DateTimeOffset DueTime(ITrigger trigger, DateTimeOffset scheduledFireTimeUtc, DateTimeOffset? previousFireTimeUtc)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        // Looking back further than twice the allowed lateness cannot change the decision, and bounds the walk for a
        // frequent cron after a long outage.
        var horizon = scheduledFireTimeUtc - (2 * MaxLateness);
        var from = previousFireTimeUtc is { } previous && previous > horizon ? previous : horizon;
        DateTimeOffset? due = null;
        for (var next = trigger.GetFireTimeAfter(from); next is { } time && time <= scheduledFireTimeUtc; next = trigger.GetFireTimeAfter(time))
        {
            due = time;
        }

        // Nothing due inside the horizon but something before it: the firing is older than the horizon, so too late.
        return due ?? (from == horizon && previousFireTimeUtc is not null ? horizon : scheduledFireTimeUtc);
    }
}
