using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Quartz;
using RoundupBot.Model;
using RoundupBot.Pipeline;
using RoundupBot.Scheduling;
using RoundupBot.Tests.TestSupport;

namespace RoundupBot.Tests.Scheduling;

public sealed class WeeklyDigestJobTests : IAsyncLifetime
{
    private static readonly DateTimeOffset MondayEight = new(2024, 1, 15, 8, 0, 0, TimeSpan.Zero);

    private readonly ListLoggerProvider _logs = new();
    private PipelineHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await PipelineHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Theory]
    [InlineData("11/26/2026 11:58:07 +00:00")]
    [InlineData("1795694287000")]
    public void A_recovered_firing_is_due_when_the_firing_it_stands_for_was(string recorded)
    {
        var data = new JobDataMap { [SchedulerConstants.FailedJobOriginalTriggerScheduledFireTime] = recorded };

        Assert.Equal(new DateTimeOffset(2026, 11, 26, 11, 58, 7, TimeSpan.Zero), WeeklyDigestJob.OriginalDueTime(data));
        Assert.Null(WeeklyDigestJob.OriginalDueTime(new JobDataMap()));
    }

    [Fact]
    public async Task A_roundup_two_hours_late_still_runs()
    {
        var job = Job(MondayEight.AddHours(2));

        var outcome = await job.RunIfOnTimeAsync(MondayEight, CancellationToken.None);

        Assert.NotNull(outcome);
        Assert.False(outcome.WasAlreadyRunning);
        Assert.Equal(1, _logs.Count(2004));
        Assert.Equal(0, _logs.Count(2003));
    }

    [Fact]
    public async Task A_roundup_thirty_hours_late_is_skipped_with_a_log_line()
    {
        var job = Job(MondayEight.AddHours(30));

        var outcome = await job.RunIfOnTimeAsync(MondayEight, CancellationToken.None);

        Assert.Null(outcome);
        var skipped = Assert.Single(_logs.Entries, e => e.EventId.Id == 2003);
        Assert.Equal(LogLevel.Warning, skipped.Level);
        Assert.Contains("2024-01-15T08:00:00", skipped.Message, StringComparison.Ordinal);
        Assert.Equal(0, _logs.Count(2004));
    }

    [Fact]
    public void A_misfired_firing_retimed_to_now_is_judged_by_when_it_was_due()
    {
        // Quartz fires a misfired cron trigger "now": the due time comes from the schedule, not from that.
        var trigger = MondayTrigger();
        var previous = MondayEight.AddDays(-7);

        Assert.Equal(MondayEight, WeeklyDigestJob.DueTime(trigger, MondayEight.AddHours(2), previous));
        Assert.Equal(MondayEight, WeeklyDigestJob.DueTime(trigger, MondayEight, previous));
        Assert.True(WeeklyDigestJob.DueTime(trigger, MondayEight.AddHours(30), previous) <= MondayEight);
        // Down for three weeks: the last missed Monday is what counts.
        Assert.Equal(MondayEight, WeeklyDigestJob.DueTime(trigger, MondayEight.AddHours(3), MondayEight.AddDays(-21)));
        var restartedThursday = MondayEight.AddDays(3);
        Assert.True(restartedThursday - WeeklyDigestJob.DueTime(trigger, restartedThursday, MondayEight.AddDays(-21)) > WeeklyDigestJob.MaxLateness);
    }

    [Fact]
    public async Task A_scheduled_roundup_while_another_run_is_in_progress_reports_it_is_already_running()
    {
        var release = new TaskCompletionSource();
        var requested = new TaskCompletionSource();
        _harness.Server.Map("/slow.rss", async ctx =>
        {
            requested.TrySetResult();
            await release.Task;
            ctx.Response.StatusCode = 500;
        });
        await _harness.Store.AddSourceAsync(new Source { Name = "Slow", Url = _harness.Server.Url("/slow.rss").AbsoluteUri }, CancellationToken.None);
        var runner = _harness.Runner();
        var job = new WeeklyDigestJob(runner, new FakeTimeProvider(MondayEight), Microsoft.Extensions.Options.Options.Create(new RoundupBot.Storage.StorageOptions()), _logs.CreateLogger<WeeklyDigestJob>());

        var direct = runner.RunAsync("admin", publish: true, null, CancellationToken.None);
        await requested.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var scheduled = await job.RunIfOnTimeAsync(MondayEight, CancellationToken.None);
        release.SetResult();
        var first = await direct;

        Assert.NotNull(scheduled);
        Assert.True(scheduled.WasAlreadyRunning);
        Assert.False(first.WasAlreadyRunning);
        Assert.Equal(1, _harness.Server.RequestCount("/slow.rss"));
        Assert.Equal(1, _logs.Count(2005));
    }

    private WeeklyDigestJob Job(DateTimeOffset now)
        => new(_harness.Runner(), new FakeTimeProvider(now), Microsoft.Extensions.Options.Options.Create(new RoundupBot.Storage.StorageOptions()), _logs.CreateLogger<WeeklyDigestJob>());

    private static ITrigger MondayTrigger() => TriggerBuilder.Create()
        .WithIdentity("weekly")
        .StartAt(MondayEight.AddDays(-60))
        .WithCronSchedule("0 0 8 ? * MON", s => s.InTimeZone(TimeZoneInfo.Utc))
        .Build();
}
