using System.Text.Json.Serialization;

namespace RoundupBot.Subscriptions.Discord;

/// <summary>The body of <c>POST /channels/{id}/webhooks</c>: a name of 1–80 characters.</summary>
internal sealed record CreateWebhookRequest([property: JsonPropertyName("name")] string Name);
