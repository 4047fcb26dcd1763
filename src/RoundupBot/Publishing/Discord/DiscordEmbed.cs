using System.Text.Json.Serialization;

namespace RoundupBot.Publishing.Discord;

/// <summary>One embed of a message (Discord's <c>RichEmbed</c>). Null properties are left out of the JSON.</summary>
public sealed record DiscordEmbed
{
    /// <summary>At most <see cref="DiscordLimits.TitleLength"/> characters.</summary>
    [JsonPropertyName("title")]
    public string? Title { get; init; }

    /// <summary>Markdown, at most <see cref="DiscordLimits.DescriptionLength"/> characters.</summary>
    [JsonPropertyName("description")]
    public string? Description { get; init; }

    /// <summary>Where the title links to; an absolute http(s) URL of at most <see cref="DiscordLimits.UrlLength"/> characters.</summary>
    [JsonPropertyName("url")]
    public string? Url { get; init; }

    /// <summary>The colour of the embed's left border, as 0xRRGGBB.</summary>
    [JsonPropertyName("color")]
    public int? Color { get; init; }

    /// <summary>At most <see cref="DiscordLimits.FieldsPerEmbed"/>.</summary>
    [JsonPropertyName("fields")]
    public IReadOnlyList<DiscordEmbedField>? Fields { get; init; }

    [JsonPropertyName("footer")]
    public DiscordEmbedFooter? Footer { get; init; }

    /// <summary>
    /// The characters Discord counts towards <see cref="DiscordLimits.EmbedsTotalLength"/>: title, description, field
    /// names and values, and footer text. UTF-16 units, which is never fewer than Discord's count.
    /// </summary>
    public int CountCharacters() =>
        (Title?.Length ?? 0)
        + (Description?.Length ?? 0)
        + (Fields?.Sum(f => f.Name.Length + f.Value.Length) ?? 0)
        + (Footer?.Text.Length ?? 0);
}
