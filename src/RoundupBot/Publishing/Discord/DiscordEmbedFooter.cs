using System.Text.Json.Serialization;

namespace RoundupBot.Publishing.Discord;

/// <summary>The small line at the bottom of an embed (plain text, no links).</summary>
/// <param name="Text">At most <see cref="DiscordLimits.FooterTextLength"/> characters; never empty.</param>
public sealed record DiscordEmbedFooter([property: JsonPropertyName("text")] string Text);
