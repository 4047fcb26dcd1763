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

    /// <summary>
    /// Where it may be used: GUILD (0) and BOT_DM (1), so that a user in <c>Discord:AdminUserIds</c> can run the
    /// roundup from a direct message; subscribing still needs a server channel and says so in a DM.
    /// </summary>
    [JsonPropertyName("contexts")]
    public IReadOnlyList<int> Contexts { get; init; } = [0, 1];

    /// <summary>How the app is installed: GUILD_INSTALL (0).</summary>
    [JsonPropertyName("integration_types")]
    public IReadOnlyList<int> IntegrationTypes { get; init; } = [0];
}
