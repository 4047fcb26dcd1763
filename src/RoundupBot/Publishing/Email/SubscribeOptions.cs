namespace RoundupBot.Publishing.Email;

/// <summary>
/// Limits on the public subscribe form, so it cannot be used to mail a stranger again and again. Bound to
/// <c>Email:Subscribe</c>. The counts are kept in memory by each <c>roundup serve</c> instance.
/// </summary>
public sealed class SubscribeOptions
{
    /// <summary>Subscribe requests one client address (an IPv4 address, or an IPv6 /64) may make per <see cref="Window"/>; more are answered 429. <value>Default 10.</value></summary>
    public int ClientLimit { get; set; } = 10;

    /// <summary>Subscribe requests for one email address per <see cref="Window"/>, whoever sends them; more are answered 429. <value>Default 3.</value></summary>
    public int AddressLimit { get; set; } = 3;

    /// <summary>The fixed window both limits count in. <value>Default 1 hour.</value></summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A pending address asked for again within this time of its last confirmation email gets no new one. <value>Default 15 minutes.</value></summary>
    public TimeSpan ResendAfter { get; set; } = TimeSpan.FromMinutes(15);
}
