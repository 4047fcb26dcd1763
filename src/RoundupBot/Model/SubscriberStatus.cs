namespace RoundupBot.Model;

/// <summary>Where a subscriber stands. Only <see cref="Confirmed"/> subscribers receive issues.</summary>
public enum SubscriberStatus
{
    /// <summary>Subscribed on the web; waiting for the click on the confirmation link (double opt-in).</summary>
    Pending,
    Confirmed,
    Unsubscribed,
    /// <summary>Paused after repeated permanent delivery failures (bounces).</summary>
    Paused,
}
