using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RoundupBot.Storage;

namespace RoundupBot.Web;

/// <summary>
/// Watches the store while <c>roundup serve</c> runs, so that a database that goes away is said in the log at once,
/// in one line that names it and what is wrong (the store's own message, never a password), and said again when it is
/// back. Without it the log only has whatever failed next, in Quartz's words and with stack traces. Pings the store
/// every <see cref="Interval"/> (each ping bounded by <see cref="StoreHealthCheck.Timeout"/>), and repeats the warning
/// every <see cref="ReminderInterval"/> while the store stays away.
/// </summary>
public sealed class StoreWatcher(IRoundupStore store, TimeProvider timeProvider, ILogger<StoreWatcher> logger) : BackgroundService
{
    /// <summary>How often the store is pinged. <value>5 seconds.</value></summary>
    public static TimeSpan Interval { get; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the warning is repeated while the store does not answer. <value>5 minutes.</value></summary>
    public static TimeSpan ReminderInterval { get; } = TimeSpan.FromMinutes(5);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        DateTimeOffset? downSince = null;
        var warnedAt = DateTimeOffset.MinValue;
        try
        {
            while (true)
            {
                await Task.Delay(Interval, timeProvider, stoppingToken);
                var failure = await PingAsync(stoppingToken);
                var now = timeProvider.GetUtcNow();
                if (failure is null)
                {
                    if (downSince is { } since)
                    {
                        Log.StoreAnswersAgain(logger, now - since);
                        downSince = null;
                    }
                }
                else if (downSince is not { } since)
                {
                    downSince = warnedAt = now;
                    Log.StoreDoesNotAnswer(logger, failure, Interval);
                }
                else if (now - warnedAt >= ReminderInterval)
                {
                    warnedAt = now;
                    Log.StoreStillDoesNotAnswer(logger, now - since, failure);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // serve is stopping.
        }
    }

    /// <returns>Null when the store answered; otherwise what is wrong.</returns>
    private async Task<string?> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await store.PingAsync(StoreHealthCheck.Timeout, cancellationToken);
            return null;
        }
        catch (StoreException ex)
        {
            return ex.Message;
        }
    }
}
