namespace RoundupBot.Publishing.Outbox;

/// <summary>What one pass over the due deliveries did.</summary>
public sealed record PublishReport
{
    public int Sent { get; init; }
    public int Failed { get; init; }
    /// <summary>Transient failures, to be retried later.</summary>
    public int Retrying { get; init; }
    public int Skipped { get; init; }
    public int Interrupted { get; init; }
    /// <summary>Deliveries of dead publishers put back in the queue before this pass.</summary>
    public int Recovered { get; init; }

    public static PublishReport Empty { get; } = new();

    public static PublishReport operator +(PublishReport left, PublishReport right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return new PublishReport
        {
            Sent = left.Sent + right.Sent,
            Failed = left.Failed + right.Failed,
            Retrying = left.Retrying + right.Retrying,
            Skipped = left.Skipped + right.Skipped,
            Interrupted = left.Interrupted + right.Interrupted,
            Recovered = left.Recovered + right.Recovered,
        };
    }
}
