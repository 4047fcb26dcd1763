using Microsoft.Extensions.Options;

namespace RoundupBot.Publishing.Discord.Interactions;

/// <summary>
/// The one rule for the Discord commands that change what the newsletter publishes (<c>/roundup now</c>, and any later
/// one such as approving a draft): they belong to the people who run this RoundupBot, not to every server that added
/// the application.
/// </summary>
/// <remarks>
/// Allowed: a user named in <c>Discord:AdminUserIds</c> (anywhere, direct messages included), or a member with
/// <see cref="RequiredPermission"/> (or Administrator) in a server named in <c>Discord:AdminGuildIds</c>. Refused:
/// everyone else, however much power they hold in their own server: the same application is in every server that
/// subscribed a channel, and an issue goes to every subscriber. Subscribing and unsubscribing a channel are not
/// covered: they concern only that server, and stay with its own admins.
/// </remarks>
public sealed class RoundupOwners(IOptions<DiscordOptions> options)
{
    /// <summary>The permission a member of an admin server needs: MANAGE_GUILD ("Manage Server").</summary>
    public const ulong RequiredPermission = DiscordPermissions.ManageGuild;

    /// <summary>How the permission is called in Discord's user interface, for replies.</summary>
    public const string RequiredPermissionName = "Manage Server";

    /// <summary>Judges <paramref name="interaction"/> (already verified as Discord's) by the rule above.</summary>
    public OwnerVerdict Judge(Interaction interaction)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        var discord = options.Value;
        if (interaction.UserId is { } user && discord.AdminUserIds.Contains(user, StringComparer.Ordinal))
        {
            return OwnerVerdict.Allowed;
        }

        if (interaction.GuildId is not { } guild || !discord.AdminGuildIds.Contains(guild, StringComparer.Ordinal))
        {
            return OwnerVerdict.NotAnOwner;
        }

        return DiscordPermissions.HasAny(interaction.MemberPermissions, RequiredPermission) ? OwnerVerdict.Allowed : OwnerVerdict.LacksPermission;
    }
}
