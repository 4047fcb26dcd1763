using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;
using RoundupBot.Ingestion.Fetching;
using RoundupBot.Pipeline;
using RoundupBot.Storage;

namespace RoundupBot.Scheduling;

/// <summary>
/// Puts the jobs and their triggers in the Quartz store before the scheduler starts, keeping a stored trigger whose
/// schedule is unchanged. Quartz's own registration replaces stored triggers at start-up, and a replaced trigger
/// forgets the firing it missed while the service was down: exactly the roundup the misfire rule exists to run.
/// </summary>
/// <remarks>
/// On one machine a changed <c>Roundup:Schedule</c>, <c>Roundup:TimeZone</c> or <c>Fetch:Interval</c> reschedules its
/// trigger at start-up. When instances share a PostgreSQL database the stored schedule is shared, so it wins: an
/// instance whose configuration disagrees says so in the log and keeps it, and <c>roundup schedule apply</c> replaces it
/// on purpose. Instances that register on an empty database at the same moment store each trigger once (Quartz decides
/// under its own lock), so no firing runs twice.
/// </remarks>
public sealed class ScheduleRegistrar(
    ISchedulerFactory schedulerFactory,
    IOptions<RoundupOptions> roundupOptions,
    IOptions<FetchOptions> fetchOptions,
    IOptions<StorageOptions> storageOptions,
    IOptions<ScheduleTuning> tuning,
    ILogger<ScheduleRegistrar> logger) : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        await RegisterAsync(scheduler, replaceChanged: !storageOptions.Value.IsPostgres, cancellationToken);
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Stores the jobs (always the current definitions: they hold no schedule) and any missing trigger; a stored trigger
    /// whose schedule differs from this configuration's is replaced when <paramref name="replaceChanged"/>, kept with a
    /// log line otherwise.
    /// </summary>
    /// <returns>Each trigger's key, the schedule now stored, and what was done.</returns>
    public async Task<IReadOnlyList<(TriggerKey Key, string Schedule, string Action)>> RegisterAsync(IScheduler scheduler, bool replaceChanged, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        await scheduler.AddJob(FetchSourceJobDetail(), AddJobOptions.Replacing, cancellationToken);
        var results = new List<(TriggerKey, string, string)>();
        foreach (var (job, trigger) in new[]
        {
            (FetchJobDetail(), FetchTrigger()),
            (WeeklyDigestJobDetail(), WeeklyDigestTrigger()),
            (DeliveryRetryJobDetail(), DeliveryRetryTrigger()),
        })
        {
            await scheduler.AddJob(job, AddJobOptions.ReplacingAndStoringNonDurable, cancellationToken);
            results.Add(await EnsureTriggerAsync(scheduler, trigger, replaceChanged, cancellationToken));
        }

        return results;
    }

    /// <summary>What a trigger's schedule is, in words; two triggers with the same description fire at the same times.</summary>
    public static string Describe(ITrigger trigger) => trigger switch
    {
        ICronTrigger cron => $"cron '{cron.CronExpressionString}' in {cron.TimeZone.Id}",
        ISimpleTrigger simple => $"every {simple.RepeatInterval}",
        _ => trigger.GetType().Name,
    };

    private async Task<(TriggerKey, string, string)> EnsureTriggerAsync(IScheduler scheduler, ITrigger trigger, bool replaceChanged, CancellationToken cancellationToken)
    {
        var key = trigger.Key;
        var name = key.ToString();
        var wanted = Describe(trigger);
        var stored = await scheduler.GetTrigger(key, cancellationToken);
        if (stored is null)
        {
            var result = await scheduler.ScheduleTrigger(trigger, TriggerConflict.Keep, cancellationToken);
            if (result.Outcome == ScheduleOutcome.Kept)
            {
                // Another instance stored it between our look and our write; its trigger is the one that fires.
                Log.TriggerKeptFromOtherInstance(logger, name, result.NextFireTimeUtc);
                return (key, Describe((await scheduler.GetTrigger(key, cancellationToken))!), "kept (stored by another instance)");
            }

            Log.TriggerAdded(logger, name, wanted);
            return (key, wanted, "added");
        }

        var current = Describe(stored);
        if (current == wanted)
        {
            Log.TriggerKept(logger, name, current, stored.NextFireTimeUtc);
            return (key, current, "unchanged");
        }

        if (!replaceChanged)
        {
            Log.SharedScheduleKept(logger, name, current, wanted);
            return (key, current, $"kept; this configuration says {wanted}");
        }

        await scheduler.RescheduleJob(key, trigger, cancellationToken);
        Log.TriggerRescheduled(logger, name, current, wanted);
        return (key, wanted, $"replaced {current}");
    }

    private static IJobDetail FetchJobDetail() => JobBuilder.Create<FetchJob>()
        .WithIdentity(FetchJob.Key)
        .WithDescription("Fetches the due sources")
        .Build();

    private static IJobDetail FetchSourceJobDetail() => JobBuilder.Create<FetchSourceJob>()
        .WithIdentity(FetchSourceJob.Key)
        .WithDescription("Fetches one due source, on whichever instance is free")
        .StoreDurably()
        .Build();

    // Recovery: when the instance running one of these dies, another runs it again at once instead of waiting for the
    // next firing. Both are safe to run again: the roundup finds its issue archived and finishes the deliveries, and a
    // delivery pass only sends what is still owed.
    private static IJobDetail WeeklyDigestJobDetail() => JobBuilder.Create<WeeklyDigestJob>()
        .WithIdentity(WeeklyDigestJob.Key)
        .WithDescription("Builds and publishes the weekly roundup")
        .RequestRecovery()
        .Build();

    private static IJobDetail DeliveryRetryJobDetail() => JobBuilder.Create<DeliveryRetryJob>()
        .WithIdentity(DeliveryRetryJob.Key)
        .WithDescription("Sends due delivery retries and deliveries a stopped run left")
        .RequestRecovery()
        .Build();

    private ITrigger DeliveryRetryTrigger() => TriggerBuilder.Create()
        .WithIdentity(DeliveryRetryJob.TriggerKey)
        .ForJob(DeliveryRetryJob.Key)
        .StartNow()
        // Like fetching, a pass only sends what is due, so one catch-up pass at start-up is always right.
        .WithSimpleSchedule(s => s
            .WithInterval(tuning.Value.DeliveryRetryInterval)
            .RepeatForever()
            .WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
        .WithMisfireThreshold(tuning.Value.MisfireThreshold)
        .Build();

    private ITrigger FetchTrigger() => TriggerBuilder.Create()
        .WithIdentity(FetchJob.TriggerKey)
        .ForJob(FetchJob.Key)
        .StartNow()
        // Fetching only touches due sources, so catching up with one fetch at start-up is always safe.
        .WithSimpleSchedule(s => s
            .WithInterval(fetchOptions.Value.Interval)
            .RepeatForever()
            .WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
        .WithMisfireThreshold(tuning.Value.MisfireThreshold)
        .Build();

    private ITrigger WeeklyDigestTrigger()
    {
        var options = roundupOptions.Value;
        return TriggerBuilder.Create()
            .WithIdentity(WeeklyDigestJob.TriggerKey)
            .ForJob(WeeklyDigestJob.Key)
            .StartNow()
            // Fire once for however many firings were missed; the job then drops it if it is more than a day late.
            .WithCronSchedule(options.Schedule, s => s
                .InTimeZone(TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone))
                .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
            .WithMisfireThreshold(tuning.Value.MisfireThreshold)
            .Build();
    }
}
