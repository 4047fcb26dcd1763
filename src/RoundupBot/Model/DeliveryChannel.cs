namespace RoundupBot.Model;

/// <summary>How an issue reaches a subscriber; each channel has its own publisher.</summary>
public enum DeliveryChannel
{
    Email,
    Discord,
}
