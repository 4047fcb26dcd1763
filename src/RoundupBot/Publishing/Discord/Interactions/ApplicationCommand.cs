using System.Text.Json.Serialization;

namespace RoundupBot.Publishing.Discord.Interactions;

/// <summary>A slash command as sent to Discord's bulk overwrite (<c>ApplicationCommandUpdateRequest</c>).</summary>
public sealed record ApplicationCommand(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("options")] IReadOnlyList<ApplicationCommandOption> Options)
{
    /// <summary>CHAT_INPUT: a slash command.</summary>
    [JsonPropertyName("type")]
    public int Type { get; init; } = 1;

    /// <summary>Where it may be used: GUILD (0) only; subscribing and running need a server channel.</summary>
    [JsonPropertyName("contexts")]
    public IReadOnlyList<int> Contexts { get; init; } = [0];

    /// <summary>How the app is installed: GUILD_INSTALL (0).</summary>
    [JsonPropertyName("integration_types")]
    public IReadOnlyList<int> IntegrationTypes { get; init; } = [0];
}
