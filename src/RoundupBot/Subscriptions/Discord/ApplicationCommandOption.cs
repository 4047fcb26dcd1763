using System.Text.Json.Serialization;

namespace RoundupBot.Subscriptions.Discord;

/// <summary>An option of a slash command as registered (a subcommand, or a value it takes).</summary>
public sealed record ApplicationCommandOption(
    [property: JsonPropertyName("type")] int Type,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string Description)
{
    public const int SubcommandType = 1;
    public const int IntegerType = 4;

    [JsonPropertyName("required")]
    public bool? Required { get; init; }

    [JsonPropertyName("min_value")]
    public long? MinValue { get; init; }

    [JsonPropertyName("options")]
    public IReadOnlyList<ApplicationCommandOption>? Options { get; init; }
}
