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

    /// <summary>
    /// Reads an interaction body. Null, with <paramref name="problem"/> saying what is wrong, when it is not JSON, not an
    /// object, lacks the type, id, token or application id, or (for a slash command) has no <c>data.name</c> or options
    /// that are not a list of option objects. Never throws for bad input.
    /// </summary>
    public static Interaction? TryParse(ReadOnlySpan<byte> body, out string? problem)
    {
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 32 });
            using var document = JsonDocument.ParseValue(ref reader);
            return FromJson(document.RootElement, out problem);
        }
        catch (JsonException)
        {
            problem = "the body is not JSON (or nests deeper than 32 levels)";
            return null;
        }
    }

    private static Interaction? FromJson(JsonElement root, out string? problem)
    {
        problem = root.ValueKind != JsonValueKind.Object ? "the body is not a JSON object"
            : Int(root, "type") is null ? "\"type\" must be a number"
            : Snowflake(root, "id") is null ? "\"id\" must be a snowflake (a string of digits)"
            : Snowflake(root, "application_id") is null ? "\"application_id\" must be a snowflake (a string of digits)"
            : String(root, "token") is not { } t || !IsToken(t) ? "\"token\" must be an interaction token"
            : null;
        if (problem is not null)
        {
            return null;
        }

        var member = Object(root, "member");
        var user = member is { } m ? Object(m, "user") : Object(root, "user");
        var interaction = new Interaction
        {
            Type = Int(root, "type")!.Value,
            Id = Snowflake(root, "id")!,
            ApplicationId = Snowflake(root, "application_id")!,
            Token = String(root, "token")!,
            GuildId = Snowflake(root, "guild_id"),
            ChannelId = Snowflake(root, "channel_id") ?? (Object(root, "channel") is { } channel ? Snowflake(channel, "id") : null),
            MemberPermissions = member is { } withPermissions ? Permissions(withPermissions, "permissions") : null,
            AppPermissions = Permissions(root, "app_permissions"),
            UserId = user is { } u ? Snowflake(u, "id") : null,
        };

        if (interaction.Type != ApplicationCommandType)
        {
            return interaction;
        }

        // A slash command always names its command; its options, when there are any, are a non-empty list of objects
        // (Discord leaves the key out rather than send an empty list). Anything else is not Discord's and gets a 400.
        if (Object(root, "data") is not { } data || String(data, "name") is not { } name)
        {
            problem = "a slash command needs \"data\" with a \"name\"";
            return null;
        }

        if (!OptionList(data, out var options) || options is [])
        {
            problem = "\"data.options\" must be a non-empty list of option objects";
            return null;
        }

        if (options is [var first, ..] && Int(first, "type") is SubcommandOptionType or SubcommandGroupOptionType)
        {
            if (!OptionList(first, out var subOptions) || String(first, "name") is not { } subcommand)
            {
                problem = "a subcommand needs a \"name\", and its \"options\" must be a list of option objects";
                return null;
            }

            return interaction with
            {
                CommandName = name,
                Subcommand = subcommand,
                Options = (subOptions ?? []).Select(Option).ToList(),
                StrayOptionCount = options.Count - 1,
            };
        }

        return interaction with { CommandName = name, StrayOptionCount = options?.Count ?? 0 };
    }

    /// <summary>False when <paramref name="element"/> has an <c>options</c> that is not an array of objects; <paramref name="options"/> is null when there is none.</summary>
    private static bool OptionList(JsonElement element, out List<JsonElement>? options)
    {
        options = null;
        if (!element.TryGetProperty("options", out var value))
        {
            return true;
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.Object))
        {
            return false;
        }

        options = [.. value.EnumerateArray()];
        return true;
    }

    private static InteractionOption Option(JsonElement element) =>
        new(String(element, "name") ?? "", Int(element, "type") ?? 0, element.TryGetProperty("value", out var value) ? value.Clone() : default);

    /// <summary>Interaction tokens go into a URL path: only the characters Discord uses, and a sane length.</summary>
    private static bool IsToken(string token) =>
        token.Length is > 0 and <= 1000 && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    private static JsonElement? Object(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

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
