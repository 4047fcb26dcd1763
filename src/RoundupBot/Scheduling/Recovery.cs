using Microsoft.Extensions.Logging;
using Quartz;
using RoundupBot.Storage;

namespace RoundupBot.Scheduling;

/// <summary>What a job does first when Quartz runs it again because the instance that was running it died.</summary>
internal static class Recovery
{
    /// <summary>
    /// Waits one <see cref="StorageOptions.TakeoverAfter"/> when <paramref name="context"/> is a recovery. Quartz notices
    /// the dead instance about one takeover period after its last check-in, but the deliveries it had claimed are held
    /// until one period after its last renewal, which may come a moment later; without the wait the recovered run could
    /// find them still held and leave them for the next retry pass, minutes away.
    /// </summary>
    public static async Task WaitForDeadClaimsAsync(IJobExecutionContext context, StorageOptions storage, TimeProvider timeProvider, ILogger logger, CancellationToken cancellationToken)
    {
        if (!context.Recovering)
        {
            return;
        }

        Log.RecoveringJob(logger, context.JobDetail.Key.ToString(), storage.TakeoverAfter,
            context.Trigger.JobDataMap.GetString(SchedulerConstants.FailedJobOriginalTriggerScheduledFireTime));
        await Task.Delay(storage.TakeoverAfter, timeProvider, cancellationToken);
    }
}
