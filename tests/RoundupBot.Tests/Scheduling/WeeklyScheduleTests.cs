using Quartz;

namespace RoundupBot.Tests.Scheduling;

/// <summary>The default Monday 08:00 cron read in a time zone, across daylight-saving changes.</summary>
public sealed class WeeklyScheduleTests
{
    private const string MondayAtEight = "0 0 8 ? * MON";

    [Fact]
    public void Monday_at_eight_in_Berlin_moves_from_six_to_seven_UTC_when_summer_time_ends_in_October()
    {
        // Summer time ends on Sunday 27 October 2024 (03:00 CEST becomes 02:00 CET): UTC+2 before, UTC+1 after.
        var fires = FireTimes("Europe/Berlin", new DateTimeOffset(2024, 10, 14, 12, 0, 0, TimeSpan.Zero), 3);

        Assert.Equal(
            [
                new DateTimeOffset(2024, 10, 21, 6, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2024, 10, 28, 7, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2024, 11, 4, 7, 0, 0, TimeSpan.Zero),
            ],
            fires);
    }

    [Fact]
    public void Monday_at_eight_in_New_York_moves_from_thirteen_to_twelve_UTC_when_summer_time_starts_in_March()
    {
        // Daylight time starts on Sunday 9 March 2025 (02:00 EST becomes 03:00 EDT): UTC-5 before, UTC-4 after.
        var fires = FireTimes("America/New_York", new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero), 3);

        Assert.Equal(
            [
                new DateTimeOffset(2025, 3, 3, 13, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2025, 3, 10, 12, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2025, 3, 17, 12, 0, 0, TimeSpan.Zero),
            ],
            fires);
    }

    [Fact]
    public void The_trigger_and_the_bare_cron_expression_agree_on_the_change_week()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var expression = new CronExpression(MondayAtEight, berlin);
        var after = new DateTimeOffset(2024, 10, 22, 0, 0, 0, TimeSpan.Zero);

        Assert.Equal(new DateTimeOffset(2024, 10, 28, 7, 0, 0, TimeSpan.Zero), expression.GetNextValidTimeAfter(after));
        Assert.Equal(expression.GetNextValidTimeAfter(after), Trigger("Europe/Berlin", after.AddDays(-30)).GetFireTimeAfter(after));
    }

    private static List<DateTimeOffset> FireTimes(string timeZoneId, DateTimeOffset after, int count)
    {
        var trigger = Trigger(timeZoneId, after.AddDays(-1));
        var fires = new List<DateTimeOffset>();
        for (var next = trigger.GetFireTimeAfter(after); next is { } time && fires.Count < count; next = trigger.GetFireTimeAfter(time))
        {
            fires.Add(time);
        }

        return fires;
    }

    private static ITrigger Trigger(string timeZoneId, DateTimeOffset start) => TriggerBuilder.Create()
        .WithIdentity("weekly")
        .StartAt(start)
        .WithCronSchedule(MondayAtEight, s => s.InTimeZone(TimeZoneInfo.FindSystemTimeZoneById(timeZoneId)))
        .Build();
}
