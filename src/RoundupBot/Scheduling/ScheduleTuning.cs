namespace RoundupBot.Scheduling;

/// <summary>Knobs the tests turn; not part of the configuration contract.</summary>
public sealed class ScheduleTuning
{
    /// <summary>How late a firing may be before Quartz counts it as misfired. <value>Default one minute.</value></summary>
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the delivery-retry job looks for due deliveries. <value>Default five minutes, the first retry's pause.</value></summary>
    public TimeSpan DeliveryRetryInterval { get; set; } = TimeSpan.FromMinutes(5);
}
