using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RoundupBot.Pipeline;
using RoundupBot.Publishing.Discord;
using RoundupBot.Subscriptions.Discord;

namespace RoundupBot.Cli;

/// <summary><c>roundup discord register-commands [--guild ID]</c>.</summary>
internal static class DiscordCommands
{
    private static readonly Option<string?> Guild = new("--guild")
    {
        Description = "Register in this server only (its id): usable at once, for trying out; without it, everywhere within an hour",
        HelpName = "ID",
    };

    public static Command Create(CliRunner runner)
    {
        var discord = new Command("discord", "Set up the Discord application: its slash commands");
        discord.Subcommands.Add(RegisterCommands(runner));
        return discord;
    }

    private static Command RegisterCommands(CliRunner runner)
    {
        var command = new Command("register-commands", "Register /roundup (subscribe, unsubscribe, latest, now, sources) with Discord, replacing the application's commands") { Guild };
        runner.SetAction(command, async (parseResult, services, console, ct) =>
        {
            var options = services.GetRequiredService<IOptions<DiscordOptions>>().Value;
            var missing = new List<string>();
            if (string.IsNullOrWhiteSpace(options.ApplicationId))
            {
                missing.Add("Discord:ApplicationId (the application's id, on the Developer Portal's General Information page; in the configuration file or ROUNDUP__Discord__ApplicationId)");
            }

            if (string.IsNullOrWhiteSpace(options.BotToken))
            {
                missing.Add("Discord:BotToken (the bot's token, a secret: give it through ROUNDUP__Discord__BotToken)");
            }

            if (missing.Count > 0)
            {
                throw new InvalidInputException("register-commands needs " + string.Join(" and ", missing) + ".");
            }

            var guild = parseResult.GetValue(Guild);
            if (guild is not null && (guild.Length is 0 or > 20 || !guild.All(char.IsAsciiDigit)))
            {
                throw new InvalidInputException($"--guild must be a server id (digits, as Discord's 'Copy Server ID' gives it); got '{guild.ReplaceLineEndings(" ")}'.");
            }

            int count;
            try
            {
                count = await services.GetRequiredService<DiscordApiClient>().OverwriteCommandsAsync(options.ApplicationId!, guild, RoundupCommands.Definitions, ct);
            }
            catch (DiscordApiException ex) when (ex.HttpStatusCode is 401 or 403)
            {
                throw new DiscordApiException(ex.Message + " Check Discord:BotToken and Discord:ApplicationId: the token must be this application's bot token.", ex)
                {
                    HttpStatusCode = ex.HttpStatusCode,
                    ErrorCode = ex.ErrorCode,
                };
            }

            var subcommands = string.Join(", ", RoundupCommands.Definitions[0].Options.Select(o => o.Name));
            console.Out.WriteLine(guild is null
                ? $"Registered /{RoundupCommands.Name} ({subcommands}) for every server the application is in; Discord shows it within the hour. Discord now lists {count} command(s)."
                : $"Registered /{RoundupCommands.Name} ({subcommands}) in server {guild}: usable there now. Discord now lists {count} command(s) there.");
            return ExitCodes.Success;
        });
        return command;
    }
}
