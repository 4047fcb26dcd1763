using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;
using RoundupBot.Pipeline;
using RoundupBot.Storage;

namespace RoundupBot.Scheduling;

/// <summary>
/// Fetches the due sources every <c>Fetch:Interval</c>. On one machine it fetches them itself, as <c>roundup fetch</c>
/// does. When instances share a PostgreSQL database it queues one <see cref="FetchSourceJob"/> per due source instead,
/// so that every instance takes a share of the sources.
/// </summary>
[DisallowConcurrentExecution]
public sealed class FetchJob(FetchPipeline fetch, IOptions<StorageOptions> storage, ILogger<FetchJob> logger) : IJob
{
    /// <summary>The job in the Quartz store.</summary>
    public static JobKey Key { get; } = new("fetch", "roundup");

    /// <summary>Its interval trigger in the Quartz store.</summary>
    public static TriggerKey TriggerKey { get; } = new("fetch", "roundup");

    /// <inheritdoc />
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["Job"] = Key.Name, ["FireInstanceId"] = context.FireInstanceId });
        if (!storage.Value.IsPostgres)
        {
            var report = await fetch.FetchDueAsync(null, cancellationToken);
            Log.FetchFinished(logger, report.Sources, report.Failed);
            return;
        }

        var due = await fetch.ListDueAsync(cancellationToken);
        if (due.Count == 0)
        {
            return;
        }

        // One transaction for the whole batch; replacing keeps a source that is still queued from being queued twice.
        var job = await context.Scheduler.GetJobDetail(FetchSourceJob.Key, cancellationToken)
            ?? throw new InvalidOperationException($"The job {FetchSourceJob.Key} is missing from the Quartz store; it is added at start-up.");
        await context.Scheduler.ScheduleJobs(
            new Dictionary<IJobDetail, IReadOnlyCollection<ITrigger>> { [job] = due.Select(s => FetchSourceJob.Trigger(s.Id)).ToList() },
            ScheduleJobOptions.Replacing,
            cancellationToken);
        Log.FetchSpread(logger, due.Count);
    }
}
