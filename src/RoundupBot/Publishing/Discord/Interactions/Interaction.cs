using System.Globalization;
using System.Text.Json;

namespace RoundupBot.Publishing.Discord.Interactions;

/// <summary>
/// The parts of a Discord interaction RoundupBot reads: who, where, with which permissions, and which command. Built
/// by <see cref="TryParse"/> from a verified body; everything in it still comes from a user's input except the ids.
/// </summary>
public sealed record Interaction
{
    /// <summary>Discord's PING, sent to check the endpoint: answered with PONG.</summary>
    public const int PingType = 1;

    /// <summary>A slash command.</summary>
    public const int ApplicationCommandType = 2;

    /// <summary>An option of type SUB_COMMAND.</summary>
    public const int SubcommandOptionType = 1;

    /// <summary>An option of type SUB_COMMAND_GROUP.</summary>
    public const int SubcommandGroupOptionType = 2;

    public required int Type { get; init; }
    public required string Id { get; init; }
    public required string ApplicationId { get; init; }

    /// <summary>A secret for 15 minutes: it lets whoever holds it edit our reply. Never logged.</summary>
    public required string Token { get; init; }

    /// <summary>Null in a DM.</summary>
    public string? GuildId { get; init; }
    public string? ChannelId { get; init; }

    /// <summary>The invoking member's permissions in the channel (<c>member.permissions</c>); null outside a guild.</summary>
    public ulong? MemberPermissions { get; init; }

    /// <summary>The application's own permissions in the channel (<c>app_permissions</c>), when Discord sends them.</summary>
    public ulong? AppPermissions { get; init; }

    /// <summary>The invoking user (<c>member.user.id</c> in a guild, <c>user.id</c> in a DM).</summary>
    public string? UserId { get; init; }

    /// <summary>The command's name (<c>data.name</c>) for a slash command.</summary>
    public string? CommandName { get; init; }

    /// <summary>The first option when it is a subcommand (or a group): its name; null when there is none.</summary>
    public string? Subcommand { get; init; }

    /// <summary>The options given to <see cref="Subcommand"/>.</summary>
    public IReadOnlyList<InteractionOption> Options { get; init; } = [];

    /// <summary>Options given next to, instead of inside, a subcommand: Discord never sends these for our commands.</summary>
    public int StrayOptionCount { get; init; }

    /// <summary>Reads an interaction body. Null when it is not JSON, not an object or lacks the type, id, token or application id.</summary>
    public static Interaction? TryParse(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 32 });
            using var document = JsonDocument.ParseValue(ref reader);
            return FromJson(document.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Interaction? FromJson(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.Number || !typeElement.TryGetInt32(out var type)
            || Snowflake(root, "id") is not { } id
            || Snowflake(root, "application_id") is not { } applicationId
            || String(root, "token") is not { } token || !IsToken(token))
        {
            return null;
        }

        var member = Object(root, "member");
        var user = member is { } m ? Object(m, "user") : Object(root, "user");
        var interaction = new Interaction
        {
            Type = type,
            Id = id,
            ApplicationId = applicationId,
            Token = token,
            GuildId = Snowflake(root, "guild_id"),
            ChannelId = Snowflake(root, "channel_id") ?? (Object(root, "channel") is { } channel ? Snowflake(channel, "id") : null),
            MemberPermissions = member is { } withPermissions ? Permissions(withPermissions, "permissions") : null,
            AppPermissions = Permissions(root, "app_permissions"),
            UserId = user is { } u ? Snowflake(u, "id") : null,
        };

        if (Object(root, "data") is not { } data)
        {
            return interaction;
        }

        var options = Array(data, "options");
        var first = options?.FirstOrDefault();
        if (first is { } sub && Int(sub, "type") is SubcommandOptionType or SubcommandGroupOptionType)
        {
            return interaction with
            {
                CommandName = String(data, "name"),
                Subcommand = String(sub, "name") ?? "",
                Options = (Array(sub, "options") ?? []).Select(Option).ToList(),
                StrayOptionCount = options!.Count - 1,
            };
        }

        return interaction with { CommandName = String(data, "name"), StrayOptionCount = options?.Count ?? 0 };
    }

    private static InteractionOption Option(JsonElement element) =>
        new(String(element, "name") ?? "", Int(element, "type") ?? 0, element.TryGetProperty("value", out var value) ? value.Clone() : default);

    /// <summary>Interaction tokens go into a URL path: only the characters Discord uses, and a sane length.</summary>
    private static bool IsToken(string token) =>
        token.Length is > 0 and <= 1000 && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private static JsonElement? Object(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    private static List<JsonElement>? Array(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object).ToList()
            : null;

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : null;

    /// <summary>A snowflake: a string of at most 20 digits (ids go into URLs and mentions).</summary>
    private static string? Snowflake(JsonElement element, string name) =>
        String(element, name) is { Length: > 0 and <= 20 } s && s.All(char.IsAsciiDigit) ? s : null;

    /// <summary>Discord sends permission bit sets as decimal strings.</summary>
    private static ulong? Permissions(JsonElement element, string name) =>
        String(element, name) is { } s && ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var bits) ? bits : null;
}
