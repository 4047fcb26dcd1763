using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Quartz;
using RoundupBot.Scheduling;
using RoundupBot.Storage;

namespace RoundupBot.Cli;

/// <summary>
/// <c>roundup schedule show | apply</c>: the schedule stored in the database. With PostgreSQL it is shared by every
/// instance and an instance whose configuration disagrees keeps it (and logs that); <c>apply</c> is how it is changed.
/// </summary>
internal static class ScheduleCommands
{
    public static Command Create(CliRunner runner)
    {
        var schedule = new Command("schedule", "The schedule stored in the database (shared by every instance when Storage:Provider is postgres)");

        var show = new Command("show", "List the stored triggers: their schedule, when they fire next and fired last");
        runner.SetAction(show, async (_, services, console, cancellationToken) =>
        {
            var scheduler = await services.GetRequiredService<ISchedulerFactory>().GetScheduler(cancellationToken);
            try
            {
                var keys = await scheduler.GetTriggerKeys(GroupMatcher<TriggerKey>.GroupEquals("roundup"), cancellationToken);
                var rows = new List<string[]>();
                foreach (var key in keys.OrderBy(k => k.Name, StringComparer.Ordinal))
                {
                    if (await scheduler.GetTrigger(key, cancellationToken) is { } trigger)
                    {
                        rows.Add([key.Name, ScheduleRegistrar.Describe(trigger), Time(trigger.NextFireTimeUtc), Time(trigger.PreviousFireTimeUtc)]);
                    }
                }

                if (rows.Count == 0)
                {
                    console.Out.WriteLine("No schedule is stored yet: 'roundup serve' stores it when it starts, or 'roundup schedule apply' now.");
                }
                else
                {
                    TextTable.Write(console.Out, ["TRIGGER", "SCHEDULE", "NEXT (UTC)", "LAST (UTC)"], rows);
                }
            }
            finally
            {
                await scheduler.Shutdown(waitForJobsToComplete: false, cancellationToken);
            }

            return ExitCodes.Success;
        }, new CliHostOptions(Scheduler: true));
        schedule.Subcommands.Add(show);

        var job = new Argument<string>("JOB") { Description = "fetch, roundup or deliveries" };
        job.AcceptOnlyFromAmong("fetch", "roundup", "deliveries");
        var run = new Command("run", "Fire a scheduled job now, on whichever instance of 'roundup serve' is free: fetch (the due sources), roundup (build and publish the issue) or deliveries (send what is owed)") { job };
        runner.SetAction(run, async (parseResult, services, console, cancellationToken) =>
        {
            var name = parseResult.GetValue(job)!;
            var key = name switch
            {
                "fetch" => FetchJob.Key,
                "roundup" => WeeklyDigestJob.Key,
                _ => DeliveryRetryJob.Key,
            };
            var scheduler = await services.GetRequiredService<ISchedulerFactory>().GetScheduler(cancellationToken);
            try
            {
                if (await scheduler.GetJobDetail(key, cancellationToken) is null)
                {
                    throw new Pipeline.InvalidInputException("No schedule is stored yet: start 'roundup serve' (or run 'roundup schedule apply') first.");
                }

                await scheduler.TriggerJob(key, cancellationToken);
            }
            finally
            {
                await scheduler.Shutdown(waitForJobsToComplete: false, cancellationToken);
            }

            console.Out.WriteLine($"Fired {name}: a running 'roundup serve' takes it within seconds; its log says how it went.");
            return ExitCodes.Success;
        }, new CliHostOptions(Scheduler: true));
        schedule.Subcommands.Add(run);

        var apply = new Command("apply", "Store this configuration's schedule (Roundup:Schedule, Roundup:TimeZone, Fetch:Interval), replacing the one in the database for every instance");
        runner.SetAction(apply, async (_, services, console, cancellationToken) =>
        {
            var scheduler = await services.GetRequiredService<ISchedulerFactory>().GetScheduler(cancellationToken);
            try
            {
                var results = await services.GetRequiredService<ScheduleRegistrar>().RegisterAsync(scheduler, replaceChanged: true, cancellationToken);
                foreach (var (key, description, action) in results)
                {
                    console.Out.WriteLine($"{key.Name}: {description} ({action})");
                }
            }
            finally
            {
                await scheduler.Shutdown(waitForJobsToComplete: false, cancellationToken);
            }

            var shared = services.GetRequiredService<IOptions<StorageOptions>>().Value.IsPostgres;
            console.Out.WriteLine(shared
                ? "Every instance sharing this database now runs this schedule."
                : "'roundup serve' runs this schedule from its next start.");
            return ExitCodes.Success;
        }, new CliHostOptions(Scheduler: true));
        schedule.Subcommands.Add(apply);
        return schedule;
    }

    private static string Time(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-";
}
