namespace RoundupBot.Publishing.Discord;

/// <summary>What <c>GET /webhooks/{id}/{token}</c> told us.</summary>
/// <param name="Webhook">The webhook as Discord describes it; null unless found.</param>
/// <param name="Unknown">Discord says there is no such webhook (404, 10015) or the token is wrong (401, 50027).</param>
/// <param name="HttpStatusCode">The status of the last answer; null without one.</param>
/// <param name="Detail">What went wrong, never with the token; null when found.</param>
internal sealed record DiscordWebhookLookup(DiscordWebhookInfo? Webhook, bool Unknown, int? HttpStatusCode, string? Detail);
