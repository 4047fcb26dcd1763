namespace RoundupBot.Model;

/// <summary>
/// One issue to one subscriber: the unit of "exactly once". Created for every confirmed subscriber when the issue is
/// archived, claimed by one publisher at a time, and finished as sent or failed with the reason.
/// </summary>
public sealed record Delivery
{
    public long Id { get; init; }
    public int DigestNumber { get; init; }
    public DeliveryChannel Channel { get; init; }
    /// <summary>The <see cref="Subscriber"/> id (one id space for every channel).</summary>
    public long SubscriberId { get; init; }
    public DeliveryStatus Status { get; init; }
    /// <summary>Attempts made so far, including the one in progress.</summary>
    public int Attempts { get; init; }
    /// <summary>For a pending retry, not before this time; null means now.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? SentAt { get; init; }
    /// <summary>Why the last attempt failed (the server's reply, or what went wrong); null when none did.</summary>
    public string? LastError { get; init; }
}
