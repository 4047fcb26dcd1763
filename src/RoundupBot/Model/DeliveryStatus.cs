namespace RoundupBot.Model;

/// <summary>Where one (issue, subscriber) delivery stands.</summary>
public enum DeliveryStatus
{
    /// <summary>Waiting to be sent (first time, or a retry after <see cref="Delivery.NextAttemptAt"/>).</summary>
    Pending,

    /// <summary>Claimed by a publisher that is sending it now.</summary>
    Sending,

    Sent,

    /// <summary>Given up: refused for good (a 5xx, an invalid address) or out of retries.</summary>
    Failed,

    /// <summary>
    /// The publisher died after the message had been handed over in full but before the server's answer was recorded.
    /// The server most likely has it, so it is not sent again: a second copy is worse than the small chance of none.
    /// </summary>
    Interrupted,

    /// <summary>Not sent because the subscriber left (or was paused) before their turn came.</summary>
    Skipped,
}
