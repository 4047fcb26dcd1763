namespace RoundupBot.Model;

/// <summary>How the deliveries of one issue over one channel stand, for the admin page and the CLI.</summary>
public sealed record DeliveryTotals(int DigestNumber, DeliveryChannel Channel, IReadOnlyDictionary<DeliveryStatus, int> Counts)
{
    public int Count(DeliveryStatus status) => Counts.GetValueOrDefault(status);

    public int Total => Counts.Values.Sum();
}
