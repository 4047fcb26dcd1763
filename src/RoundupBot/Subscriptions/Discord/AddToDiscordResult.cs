using RoundupBot.Publishing.Discord;

namespace RoundupBot.Subscriptions.Discord;

/// <summary>The outcome of <see cref="AddToDiscordFlow.CompleteAsync"/>.</summary>
/// <param name="Status">Added, or why not.</param>
/// <param name="Webhook">The stored webhook when <see cref="Status"/> is Added.</param>
/// <param name="Detail">For people: Discord's error, or what went wrong; never a token.</param>
public sealed record AddToDiscordResult(AddToDiscordStatus Status, DiscordWebhookInfo? Webhook = null, string? Detail = null);
