namespace RoundupBot.Publishing.Discord.Interactions;

/// <summary>What <see cref="RoundupOwners.Judge"/> decided about one interaction.</summary>
public enum OwnerVerdict
{
    /// <summary>An owner: the command may run.</summary>
    Allowed,

    /// <summary>In a server of <c>Discord:AdminGuildIds</c>, but the member lacks <see cref="RoundupOwners.RequiredPermission"/>.</summary>
    LacksPermission,

    /// <summary>Neither in <c>Discord:AdminUserIds</c> nor in a server of <c>Discord:AdminGuildIds</c> (another server, or a direct message).</summary>
    NotAnOwner,
}
