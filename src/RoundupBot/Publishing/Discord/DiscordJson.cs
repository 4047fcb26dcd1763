using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace RoundupBot.Publishing.Discord;

/// <summary>
/// The JSON of Discord request bodies: Discord's snake_case names as declared on the payload records, nulls left out,
/// emoji and accents written as they are. <c>discord.json</c> is the same bodies, indented.
/// </summary>
public static class DiscordJson
{
    private static readonly JsonSerializerOptions Compact = new(DiscordJsonContext.Default.Options)
    {
        // Bodies go to an API, never into HTML, so escaping every emoji would only make them longer.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonSerializerOptions Indented = new(Compact) { WriteIndented = true };

    /// <summary>One request body, as sent.</summary>
    public static string Serialize(DiscordWebhookMessage message) =>
        JsonSerializer.Serialize(message, (JsonTypeInfo<DiscordWebhookMessage>)Compact.GetTypeInfo(typeof(DiscordWebhookMessage)));

    /// <summary>One request body as UTF-8, as sent.</summary>
    public static byte[] SerializeToUtf8Bytes(DiscordWebhookMessage message) =>
        JsonSerializer.SerializeToUtf8Bytes(message, (JsonTypeInfo<DiscordWebhookMessage>)Compact.GetTypeInfo(typeof(DiscordWebhookMessage)));

    /// <summary>The array of bodies in posting order, indented: the content of <c>discord.json</c>.</summary>
    public static string SerializeAll(IReadOnlyList<DiscordWebhookMessage> messages) =>
        JsonSerializer.Serialize(messages, (JsonTypeInfo<IReadOnlyList<DiscordWebhookMessage>>)Indented.GetTypeInfo(typeof(IReadOnlyList<DiscordWebhookMessage>)));
}
