namespace RoundupBot.Model;

/// <summary>
/// One message of a delivery that takes several (a Discord issue), recorded once Discord has answered with its id: a
/// resumed delivery posts only the parts without a record.
/// </summary>
/// <param name="DeliveryId">The <see cref="Delivery"/> it belongs to.</param>
/// <param name="Part">Its index in the messages, from 0.</param>
/// <param name="MessageId">Discord's id of the posted message.</param>
/// <param name="ChannelId">Where it landed (the channel, thread or forum post); later parts of a forum post go there.</param>
/// <param name="PostedAt">When Discord's answer was recorded.</param>
public sealed record DeliveryPart(long DeliveryId, int Part, string MessageId, string? ChannelId, DateTimeOffset PostedAt);
