using System.Text.Json;
using System.Text.Json.Serialization;
using RoundupBot.Model;

namespace RoundupBot.Cli;

/// <summary>The CLI's machine-readable output: the same JSON style as <c>digest.json</c>, with enums as camelCase names.</summary>
internal static class CliJson
{
    public static readonly JsonSerializerOptions Options = new(DigestJson.Options)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);
}
