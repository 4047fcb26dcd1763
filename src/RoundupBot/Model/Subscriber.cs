namespace RoundupBot.Model;

/// <summary>
/// Someone (or somewhere) that receives the issues: an email address, or a Discord channel's webhook. One list and one
/// id space for both, so a delivery names its subscriber the same way whatever the channel.
/// </summary>
public sealed record Subscriber
{
    /// <summary>Permanent delivery failures in a row that pause a subscriber.</summary>
    public const int BouncesBeforePause = 3;

    public long Id { get; init; }

    /// <summary>
    /// For <see cref="DeliveryChannel.Email"/>, the address as given (trimmed; compared case-insensitively). For
    /// <see cref="DeliveryChannel.Discord"/>, a readable label naming the channel, guild and webhook id; never the
    /// webhook's token, so it may be shown and logged.
    /// </summary>
    public required string Address { get; init; }

    /// <summary>How this subscriber receives the issue. <value>Default <see cref="DeliveryChannel.Email"/>.</value></summary>
    public DeliveryChannel Channel { get; init; } = DeliveryChannel.Email;

    public SubscriberStatus Status { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ConfirmedAt { get; init; }
    public DateTimeOffset? UnsubscribedAt { get; init; }
    /// <summary>Permanent delivery failures in a row; three pause the subscriber (email only).</summary>
    public int Bounces { get; init; }
    /// <summary>Why the last delivery failed, or why the subscription was retired (a deleted Discord webhook).</summary>
    public string? LastError { get; init; }
}
