using Microsoft.Extensions.Options;
using RoundupBot.Publishing.Discord;
using RoundupBot.Publishing.Discord.Interactions;

namespace RoundupBot.Tests.Publishing.Discord.Interactions;

public sealed class RoundupOwnersTests
{
    private const string AdminGuild = "1100000000000000001";
    private const string OtherGuild = "999999999999";
    private const string Owner = "1700000000000000042";
    private const string Someone = "1700000000000000001";
    private const ulong ManageServer = 0x20;
    private const ulong Administrator = 0x8;
    private const ulong ManageWebhooks = 0x2000_0000;

    private readonly RoundupOwners _owners = new(Options.Create(new DiscordOptions { AdminGuildIds = [AdminGuild], AdminUserIds = [Owner] }));

    [Theory]
    [InlineData(AdminGuild, Someone, ManageServer, OwnerVerdict.Allowed)]
    [InlineData(AdminGuild, Someone, Administrator, OwnerVerdict.Allowed)]
    [InlineData(AdminGuild, Someone, ManageWebhooks, OwnerVerdict.LacksPermission)]
    [InlineData(AdminGuild, Someone, 0UL, OwnerVerdict.LacksPermission)]
    [InlineData(OtherGuild, Someone, ManageServer, OwnerVerdict.NotAnOwner)]
    [InlineData(OtherGuild, Someone, Administrator, OwnerVerdict.NotAnOwner)]
    [InlineData(OtherGuild, Owner, 0UL, OwnerVerdict.Allowed)]
    [InlineData(null, Owner, null, OwnerVerdict.Allowed)]
    [InlineData(null, Someone, null, OwnerVerdict.NotAnOwner)]
    public void Only_listed_users_anywhere_and_members_with_Manage_Server_in_listed_servers_are_owners(string? guild, string user, ulong? permissions, OwnerVerdict expected)
    {
        var interaction = Make(guild, user, permissions);

        Assert.Equal(expected, _owners.Judge(interaction));
    }

    [Fact]
    public void With_nothing_configured_nobody_is_an_owner_however_powerful_in_their_server()
    {
        var owners = new RoundupOwners(Options.Create(new DiscordOptions()));

        Assert.Equal(OwnerVerdict.NotAnOwner, owners.Judge(Make(AdminGuild, Someone, ulong.MaxValue)));
    }

    [Fact]
    public void Ids_are_compared_exactly_not_by_prefix_or_number()
    {
        Assert.Equal(OwnerVerdict.NotAnOwner, _owners.Judge(Make(AdminGuild + "0", Someone, ManageServer)));
        Assert.Equal(OwnerVerdict.NotAnOwner, _owners.Judge(Make("0" + AdminGuild, Someone, ManageServer)));
        Assert.Equal(OwnerVerdict.NotAnOwner, _owners.Judge(Make(null, "0" + Owner, null)));
    }

    private static Interaction Make(string? guild, string user, ulong? permissions) => new()
    {
        Type = Interaction.ApplicationCommandType,
        Id = "1400000000000000002",
        ApplicationId = "1200000000000000001",
        Token = "itoken",
        GuildId = guild,
        ChannelId = "1500000000000000001",
        MemberPermissions = guild is null ? null : permissions,
        UserId = user,
        CommandName = RoundupCommands.Name,
        Subcommand = RoundupCommands.Now,
    };
}
