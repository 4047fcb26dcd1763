using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RoundupBot.Publishing.Outbox;
using RoundupBot.Storage;

namespace RoundupBot.Scheduling;

/// <summary>
/// With instances sharing a PostgreSQL database, every instance helps send what is owed: at each check-in it looks for
/// due deliveries and, if there are any, runs a delivery pass beside whatever else this instance is sending (one helper
/// pass at a time). An issue to a long list is
/// then sent by all instances together, each delivery claimed by one of them. (A scheduled firing runs on one instance
/// only, so the roundup and the retry job alone would leave the others idle.)
/// </summary>
internal sealed class DueDeliveryPoller(
    IRoundupStore store,
    DeliveryOutbox outbox,
    TimeProvider timeProvider,
    IOptions<StorageOptions> storage,
    ILogger<DueDeliveryPoller> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(storage.Value.CheckinInterval, timeProvider);
        while (await WaitAsync(timer, stoppingToken))
        {
            try
            {
                if (await store.HasDueDeliveriesAsync(timeProvider.GetUtcNow(), stoppingToken))
                {
                    var report = await outbox.PublishDueAsync(stoppingToken);
                    Log.DeliveriesHelped(logger, report.Sent, report.Failed, report.Retrying);
                }
            }
            catch (StoreException ex)
            {
                // The database may be away for a while; the next check-in looks again.
                Log.DueDeliveryPollFailed(logger, ex.Message);
            }
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
