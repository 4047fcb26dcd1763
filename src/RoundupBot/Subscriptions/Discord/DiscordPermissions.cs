namespace RoundupBot.Subscriptions.Discord;

/// <summary>The Discord permission bits RoundupBot checks (<c>member.permissions</c>, <c>app_permissions</c>).</summary>
public static class DiscordPermissions
{
    /// <summary>ADMINISTRATOR: implies every other permission.</summary>
    public const ulong Administrator = 0x8;

    /// <summary>MANAGE_GUILD ("Manage Server").</summary>
    public const ulong ManageGuild = 0x20;

    /// <summary>MANAGE_WEBHOOKS.</summary>
    public const ulong ManageWebhooks = 0x2000_0000;

    /// <summary>True when <paramref name="permissions"/> holds any of <paramref name="anyOf"/>, or Administrator.</summary>
    public static bool HasAny(ulong? permissions, ulong anyOf) =>
        permissions is { } bits && ((bits & Administrator) != 0 || (bits & anyOf) != 0);
}
