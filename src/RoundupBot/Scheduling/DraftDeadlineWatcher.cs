using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RoundupBot.Pipeline;
using RoundupBot.Storage;

namespace RoundupBot.Scheduling;

/// <summary>
/// With <c>Roundup:Review</c> and <c>Roundup:ReviewDeadline</c>: looks at every <c>Storage:CheckinInterval</c> whether
/// the draft's deadline has passed and, if so, publishes it as it stands through <see cref="RoundupRunner"/>. Every
/// <c>roundup serve</c> instance looks; the store's version check lets exactly one of them publish it.
/// </summary>
internal sealed class DraftDeadlineWatcher(
    RoundupRunner runner,
    TimeProvider timeProvider,
    IOptions<RoundupOptions> roundup,
    IOptions<StorageOptions> storage,
    ILogger<DraftDeadlineWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!roundup.Value.Review)
        {
            return;
        }

        using var timer = new PeriodicTimer(storage.Value.CheckinInterval, timeProvider);
        while (await WaitAsync(timer, stoppingToken))
        {
            try
            {
                await runner.PublishOverdueDraftAsync("review deadline", stoppingToken);
            }
            catch (StoreException ex)
            {
                // The database may be away for a while; the next look tries again, and the draft waits meanwhile.
                Log.DraftDeadlineCheckFailed(logger, ex.Message);
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
