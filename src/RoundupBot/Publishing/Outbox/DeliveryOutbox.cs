using Microsoft.Extensions.Logging;
using RoundupBot.Model;
using RoundupBot.Storage;

namespace RoundupBot.Publishing.Outbox;

/// <summary>
/// Publishes what the archive owes its subscribers: every due delivery of every configured channel. Called after an
/// issue is archived, and by the retry job; any number of passes may run at once (in this process or others), because
/// each delivery is claimed before it is sent.
/// </summary>
public sealed class DeliveryOutbox(IEnumerable<IDeliveryPublisher> publishers, IRoundupStore store, TimeProvider timeProvider, ILogger<DeliveryOutbox> logger)
{
    private readonly IReadOnlyList<IDeliveryPublisher> _publishers = publishers.ToList();

    /// <summary>The channels an archived issue is queued for: those configured now.</summary>
    public IReadOnlyCollection<DeliveryChannel> ConfiguredChannels => _publishers.Where(p => p.IsConfigured).Select(p => p.Channel).ToList();

    /// <summary>Recovers the claims of dead publishers, then sends every due delivery of every configured channel.</summary>
    public async Task<PublishReport> PublishDueAsync(CancellationToken cancellationToken)
    {
        var (requeued, interrupted) = await store.RecoverDeliveriesAsync(timeProvider.GetUtcNow(), DeliveryClaimant.IsGone, cancellationToken);
        if (requeued + interrupted > 0)
        {
            Log.Recovered(logger, requeued, interrupted);
        }

        var report = new PublishReport { Recovered = requeued };
        foreach (var publisher in _publishers.Where(p => p.IsConfigured))
        {
            report += await publisher.PublishDueAsync(DeliveryClaimant.Current, cancellationToken);
        }

        return report;
    }
}
