using RoundupBot.Model;

namespace RoundupBot.Publishing.Outbox;

/// <summary>
/// The one backoff rule for transient failures of every channel: a delivery is tried <see cref="MaxAttempts"/> times,
/// with pauses of 5 minutes, tripled each time, at most 12 hours (5 min, 15 min, 45 min, 2 h 15, 6 h 45), so a server
/// down for a weekend night still gets the issue, and a dead one stops being tried within a day.
/// </summary>
public static class DeliveryRetry
{
    /// <summary>Attempts before a transient failure becomes a failure.</summary>
    public const int MaxAttempts = 6;

    /// <summary>The pause before attempt <paramref name="attempt"/> + 1: 5 minutes, tripled each time, at most 12 hours.</summary>
    public static TimeSpan Delay(int attempt) =>
        TimeSpan.FromMinutes(Math.Min(5 * Math.Pow(3, Math.Max(0, attempt - 1)), 12 * 60));

    /// <summary>
    /// What a transient failure of attempt <paramref name="attempts"/> records: a retry after <see cref="Delay"/>, or,
    /// at <see cref="MaxAttempts"/>, a failure saying so.
    /// </summary>
    public static DeliveryOutcome AfterTransientFailure(int attempts, string? reason, DateTimeOffset now) =>
        attempts >= MaxAttempts
            ? new DeliveryOutcome(DeliveryStatus.Failed, $"Gave up after {attempts} attempts: {reason}")
            : new DeliveryOutcome(DeliveryStatus.Pending, reason, now + Delay(attempts));
}
