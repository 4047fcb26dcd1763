using System.Text.Json.Serialization;

namespace RoundupBot.Publishing.Discord;

/// <summary>Which mentions in a message may notify anyone; sent on every message as <c>{"parse": []}</c>.</summary>
/// <param name="Parse">The mention types Discord may resolve; empty means none: no user, role, @everyone or @here.</param>
public sealed record DiscordAllowedMentions([property: JsonPropertyName("parse")] IReadOnlyList<string> Parse)
{
    /// <summary><c>{"parse": []}</c>: nobody is pinged, whatever the text says.</summary>
    public static DiscordAllowedMentions None { get; } = new([]);
}
