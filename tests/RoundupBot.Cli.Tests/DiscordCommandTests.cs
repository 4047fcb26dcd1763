using System.Text.Json;
using RoundupBot.Tests.TestSupport;

namespace RoundupBot.Cli.Tests;

public sealed class DiscordCommandTests : IAsyncLifetime
{
    private FakeDiscord _discord = null!;

    public async Task InitializeAsync() => _discord = await FakeDiscord.StartAsync();

    public async Task DisposeAsync() => await _discord.DisposeAsync();

    [Fact]
    public async Task Register_commands_puts_the_roundup_command_globally_with_the_bot_token()
    {
        using var cli = new CliRun(Config(_discord.ApplicationId, _discord.BotToken));

        var result = await cli.RunAsync("discord", "register-commands", "--verbose");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Registered /roundup (subscribe, unsubscribe, latest, now, sources, draft, approve) for every server", result.Out);
        var registration = Assert.Single(_discord.CommandRegistrations);
        Assert.Null(registration.GuildId);
        Assert.Equal("Bot " + _discord.BotToken, registration.Authorization);
        Assert.Empty(FakeDiscord.CheckCommands(registration.Commands.GetRawText()));
        var command = Assert.Single(registration.Commands.EnumerateArray());
        Assert.Equal("roundup", command.GetProperty("name").GetString());
        Assert.Equal(1, command.GetProperty("type").GetInt32());
        Assert.Equal([0, 1], command.GetProperty("contexts").EnumerateArray().Select(c => c.GetInt32()));
        var subcommands = command.GetProperty("options").EnumerateArray().ToList();
        Assert.Equal(["subscribe", "unsubscribe", "latest", "now", "sources", "draft", "approve"], subcommands.Select(s => s.GetProperty("name").GetString()));
        Assert.All(subcommands, s => Assert.Equal(1, s.GetProperty("type").GetInt32()));
        Assert.All(subcommands, s => Assert.InRange(s.GetProperty("description").GetString()!.Length, 1, 100));
        var number = Assert.Single(subcommands[2].GetProperty("options").EnumerateArray());
        Assert.Equal(4, number.GetProperty("type").GetInt32());
        Assert.False(number.GetProperty("required").GetBoolean());
        Assert.DoesNotContain(_discord.BotToken, result.Out + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_commands_in_one_guild_uses_the_guild_route()
    {
        using var cli = new CliRun(Config(_discord.ApplicationId, _discord.BotToken));

        var result = await cli.RunAsync("discord", "register-commands", "--guild", FakeDiscord.GuildId);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"in server {FakeDiscord.GuildId}: usable there now", result.Out);
        Assert.Equal(FakeDiscord.GuildId, Assert.Single(_discord.CommandRegistrations).GuildId);
    }

    [Fact]
    public async Task Without_application_id_and_bot_token_it_exits_2_naming_both()
    {
        using var cli = new CliRun(Config(null, null));

        var result = await cli.RunAsync("discord", "register-commands");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("register-commands needs Discord:ApplicationId", result.Error);
        Assert.Contains("Discord:BotToken", result.Error);
        Assert.Contains("ROUNDUP__Discord__BotToken", result.Error);
        Assert.Empty(_discord.Requests);
    }

    [Fact]
    public async Task Without_a_bot_token_it_exits_2()
    {
        using var cli = new CliRun(Config(_discord.ApplicationId, null));

        var result = await cli.RunAsync("discord", "register-commands");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("register-commands needs Discord:BotToken", result.Error);
        Assert.DoesNotContain("ApplicationId (", result.Error);
    }

    [Fact]
    public async Task A_guild_that_is_not_an_id_exits_2()
    {
        using var cli = new CliRun(Config(_discord.ApplicationId, _discord.BotToken));

        var result = await cli.RunAsync("discord", "register-commands", "--guild", "my-server");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--guild must be a server id", result.Error);
        Assert.Empty(_discord.Requests);
    }

    [Fact]
    public async Task A_token_Discord_refuses_exits_1_without_printing_it()
    {
        const string wrong = "wrong-bot-token.abcdef0123456789";
        using var cli = new CliRun(Config(_discord.ApplicationId, wrong));

        var result = await cli.RunAsync("discord", "register-commands", "--verbose");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Discord answered 401", result.Error);
        Assert.Contains("Check Discord:BotToken", result.Error);
        Assert.DoesNotContain(wrong, result.Out + result.Error, StringComparison.Ordinal);
        Assert.Empty(_discord.CommandRegistrations);
    }

    private string Config(string? applicationId, string? botToken) => JsonSerializer.Serialize(new
    {
        Sources = Array.Empty<object>(),
        Discord = new { ApiBaseUrl = _discord.ApiBaseUrl, ApplicationId = applicationId, BotToken = botToken, Timeout = "00:00:05" },
    });
}
