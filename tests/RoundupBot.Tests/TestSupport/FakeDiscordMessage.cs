using System.Text.Json;

namespace RoundupBot.Tests.TestSupport;

/// <summary>A message <see cref="FakeDiscord"/> accepted.</summary>
/// <param name="Id">The message id it answered.</param>
/// <param name="WebhookId">The webhook it came through.</param>
/// <param name="ChannelId">Where it landed: the webhook's channel, the thread, or a new forum post.</param>
/// <param name="ThreadId">The <c>thread_id</c> of the request, if any.</param>
/// <param name="ThreadName">The <c>thread_name</c> of the body, if any.</param>
/// <param name="Body">The request body as sent.</param>
/// <param name="ArrivedAt">When the request arrived.</param>
/// <param name="Pings">The mentions that would have notified someone (see <c>FakeDiscord.Pings</c>).</param>
public sealed record FakeDiscordMessage(
    string Id,
    string WebhookId,
    string ChannelId,
    string? ThreadId,
    string? ThreadName,
    JsonElement Body,
    DateTimeOffset ArrivedAt,
    IReadOnlyList<string> Pings);
