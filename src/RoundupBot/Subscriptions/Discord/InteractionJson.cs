using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using RoundupBot.Publishing.Discord;

namespace RoundupBot.Subscriptions.Discord;

/// <summary>The JSON of interaction replies and command registrations, as <see cref="DiscordJson"/> writes webhook bodies.</summary>
public static class InteractionJson
{
    private static readonly JsonSerializerOptions Options = new(InteractionJsonContext.Default.Options)
    {
        // Bodies go to Discord, never into HTML: emoji and accents stay as they are.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] Serialize(InteractionResponse response) => JsonSerializer.SerializeToUtf8Bytes(response, Info<InteractionResponse>(Options));

    public static byte[] Serialize(InteractionMessage message) => JsonSerializer.SerializeToUtf8Bytes(message, Info<InteractionMessage>(Options));

    public static byte[] Serialize(IReadOnlyList<ApplicationCommand> commands) => JsonSerializer.SerializeToUtf8Bytes(commands, Info<IReadOnlyList<ApplicationCommand>>(Options));

    internal static byte[] Serialize(CreateWebhookRequest request) => JsonSerializer.SerializeToUtf8Bytes(request, Info<CreateWebhookRequest>(Options));

    private static JsonTypeInfo<T> Info<T>(JsonSerializerOptions options) => (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
}
