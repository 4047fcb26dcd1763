using RoundupBot.Model;

namespace RoundupBot.Publishing.Outbox;

/// <summary>Sends the due deliveries of one channel. The outbox runs every configured one.</summary>
public interface IDeliveryPublisher
{
    DeliveryChannel Channel { get; }

    /// <summary>False when the channel is not configured (no SMTP server, say): no deliveries are queued for it.</summary>
    bool IsConfigured { get; }

    /// <summary>
    /// Claims and sends due deliveries one by one until none is due (or the server is unreachable), recording each
    /// outcome as it goes, so a kill loses at most the one in flight. Each claim is held by <paramref name="claimant"/>
    /// for <paramref name="lease"/>, which the outbox renews while the pass runs.
    /// </summary>
    Task<PublishReport> PublishDueAsync(string claimant, TimeSpan lease, CancellationToken cancellationToken);
}
