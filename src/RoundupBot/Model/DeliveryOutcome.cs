namespace RoundupBot.Model;

/// <summary>How one attempt at a delivery ended, as the publisher records it.</summary>
/// <param name="Status">Sent, Failed, Interrupted, Skipped, or Pending for a retry at <paramref name="NextAttemptAt"/>.</param>
/// <param name="Error">The server's reply or what went wrong; null when sent.</param>
/// <param name="NextAttemptAt">For a retry, not before this time.</param>
/// <param name="Bounce">
/// The address was refused for good (a 5xx): one strike against the subscriber; <see cref="Subscriber.BouncesBeforePause"/>
/// in a row pause them. A sent delivery clears the strikes.
/// </param>
/// <param name="RetireReason">
/// Not null when the subscription is gone for good (a deleted Discord webhook): the subscriber becomes
/// <see cref="SubscriberStatus.Unsubscribed"/> with this as its <see cref="Subscriber.LastError"/>, in the same transaction.
/// </param>
public sealed record DeliveryOutcome(DeliveryStatus Status, string? Error = null, DateTimeOffset? NextAttemptAt = null, bool Bounce = false, string? RetireReason = null)
{
    public static DeliveryOutcome Sent { get; } = new(DeliveryStatus.Sent);
}
