namespace RoundupBot.Model;

/// <summary>An email address that receives the issues (Discord channels arrive with their own publisher).</summary>
public sealed record Subscriber
{
    /// <summary>Permanent delivery failures in a row that pause a subscriber.</summary>
    public const int BouncesBeforePause = 3;

    public long Id { get; init; }
    /// <summary>The address as given (trimmed); compared case-insensitively.</summary>
    public required string Email { get; init; }
    public SubscriberStatus Status { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ConfirmedAt { get; init; }
    public DateTimeOffset? UnsubscribedAt { get; init; }
    /// <summary>Permanent delivery failures in a row; three pause the subscriber.</summary>
    public int Bounces { get; init; }
    public string? LastError { get; init; }
}
