using System.Text.Json.Serialization;

namespace RoundupBot.Publishing.Discord;

/// <summary>A name/value pair under an embed's description; both required and non-empty.</summary>
/// <param name="Name">At most <see cref="DiscordLimits.FieldNameLength"/> characters.</param>
/// <param name="Value">Markdown, at most <see cref="DiscordLimits.FieldValueLength"/> characters.</param>
public sealed record DiscordEmbedField(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("value")] string Value);
