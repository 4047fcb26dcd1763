using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RoundupBot.Model;
using RoundupBot.Storage;

namespace RoundupBot.Publishing.Outbox;

/// <summary>
/// Publishes what the archive owes its subscribers: every due delivery of every configured channel. Called after an
/// issue is archived, and by the retry job; any number of passes may run at once (in this process or in other
/// instances), because each delivery is claimed before it is sent.
/// </summary>
/// <remarks>
/// A claim lasts <see cref="StorageOptions.TakeoverAfter"/> and a running pass renews its claims every
/// <see cref="StorageOptions.CheckinInterval"/>: a live publisher never loses one, however slow a send, and the claims of
/// one that died end within the same time as its scheduled work is taken over (30 seconds by default).
/// </remarks>
public sealed class DeliveryOutbox(
    IEnumerable<IDeliveryPublisher> publishers,
    IRoundupStore store,
    TimeProvider timeProvider,
    IOptions<StorageOptions> storage,
    ILogger<DeliveryOutbox> logger)
{
    private readonly IReadOnlyList<IDeliveryPublisher> _publishers = publishers.ToList();

    /// <summary>The channels an archived issue is queued for: those configured now.</summary>
    public IReadOnlyCollection<DeliveryChannel> ConfiguredChannels => _publishers.Where(p => p.IsConfigured).Select(p => p.Channel).ToList();

    /// <summary>Recovers the claims of dead publishers, then sends every due delivery of every configured channel, the channels side by side.</summary>
    public async Task<PublishReport> PublishDueAsync(CancellationToken cancellationToken)
    {
        var (requeued, interrupted) = await store.RecoverDeliveriesAsync(timeProvider.GetUtcNow(), Claimant.IsGone, cancellationToken);
        if (requeued + interrupted > 0)
        {
            Log.Recovered(logger, requeued, interrupted);
        }

        var options = storage.Value;
        using var stopRenewing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewing = RenewClaimsAsync(options, stopRenewing.Token);
        try
        {
            var reports = await Task.WhenAll(_publishers
                .Where(p => p.IsConfigured)
                .Select(p => p.PublishDueAsync(Claimant.Current, options.TakeoverAfter, cancellationToken)));
            return reports.Aggregate(new PublishReport { Recovered = requeued }, (total, report) => total + report);
        }
        finally
        {
            await stopRenewing.CancelAsync();
            await renewing;
        }
    }

    private async Task RenewClaimsAsync(StorageOptions options, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.CheckinInterval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await store.RenewDeliveryClaimsAsync(Claimant.Current, timeProvider.GetUtcNow() + options.TakeoverAfter, cancellationToken);
                }
                // The database may be away for a moment; the next tick tries again, well within the lease.
                catch (StoreException ex)
                {
                    Log.RenewFailed(logger, ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
