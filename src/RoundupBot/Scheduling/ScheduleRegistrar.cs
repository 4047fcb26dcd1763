using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;
using RoundupBot.Ingestion.Fetching;
using RoundupBot.Pipeline;

namespace RoundupBot.Scheduling;

/// <summary>
/// Puts the jobs and their triggers in the Quartz store before the scheduler starts, keeping a stored trigger whose
/// schedule is unchanged. Quartz's own registration replaces stored triggers at start-up, and a replaced trigger
/// forgets the firing it missed while the service was down: exactly the roundup the misfire rule exists to run.
/// </summary>
internal sealed class ScheduleRegistrar(
    ISchedulerFactory schedulerFactory,
    IOptions<RoundupOptions> roundupOptions,
    IOptions<FetchOptions> fetchOptions,
    IOptions<ScheduleTuning> tuning,
    ILogger<ScheduleRegistrar> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
        await EnsureAsync(scheduler, FetchJobDetail(), FetchTrigger(), cancellationToken);
        await EnsureAsync(scheduler, WeeklyDigestJobDetail(), WeeklyDigestTrigger(), cancellationToken);
        await EnsureAsync(scheduler, DeliveryRetryJobDetail(), DeliveryRetryTrigger(), cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>What a trigger's schedule is, in words; two triggers with the same description fire at the same times.</summary>
    internal static string Describe(ITrigger trigger) => trigger switch
    {
        ICronTrigger cron => $"cron '{cron.CronExpressionString}' in {cron.TimeZone.Id}",
        ISimpleTrigger simple => $"every {simple.RepeatInterval}",
        _ => trigger.GetType().Name,
    };

    private async Task EnsureAsync(IScheduler scheduler, IJobDetail job, ITrigger trigger, CancellationToken cancellationToken)
    {
        var key = trigger.Key;
        var stored = await scheduler.GetTrigger(key, cancellationToken);
        var wanted = Describe(trigger);
        if (stored is null)
        {
            // Replacing covers a job left without its trigger; there is no trigger of ours to lose here.
            await scheduler.ScheduleJob(job, trigger, ScheduleJobOptions.Replacing, cancellationToken);
            Log.TriggerAdded(logger, key.ToString(), wanted);
            return;
        }

        var current = Describe(stored);
        if (current == wanted)
        {
            Log.TriggerKept(logger, key.ToString(), current, stored.NextFireTimeUtc);
            return;
        }

        await scheduler.RescheduleJob(key, trigger, cancellationToken);
        Log.TriggerRescheduled(logger, key.ToString(), current, wanted);
    }

    private static IJobDetail FetchJobDetail() => JobBuilder.Create<FetchJob>()
        .WithIdentity(FetchJob.Key)
        .WithDescription("Fetches the due sources")
        .Build();

    private static IJobDetail WeeklyDigestJobDetail() => JobBuilder.Create<WeeklyDigestJob>()
        .WithIdentity(WeeklyDigestJob.Key)
        .WithDescription("Builds and publishes the weekly roundup")
        .Build();

    private static IJobDetail DeliveryRetryJobDetail() => JobBuilder.Create<DeliveryRetryJob>()
        .WithIdentity(DeliveryRetryJob.Key)
        .WithDescription("Sends due delivery retries and deliveries a stopped run left")
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
