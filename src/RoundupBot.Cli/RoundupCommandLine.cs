using System.CommandLine;

namespace RoundupBot.Cli;

/// <summary>The <c>roundup</c> command tree, and the parse-error path that exits with 2.</summary>
internal static class RoundupCommandLine
{
    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default)
    {
        var runner = new CliRunner(console);
        var root = new RootCommand("RoundupBot: a weekly research roundup from arXiv, research blogs and news, delivered to Discord and email")
        {
            GlobalOptions.Config,
            GlobalOptions.Data,
            GlobalOptions.Verbose,
        };
        root.Subcommands.Add(FetchCommands.Run(runner));
        root.Subcommands.Add(FetchCommands.Fetch(runner));
        root.Subcommands.Add(DigestCommands.Create(runner));
        root.Subcommands.Add(DraftCommands.Create(runner));
        root.Subcommands.Add(SourcesCommands.Create(runner));
        root.Subcommands.Add(SubscribersCommands.Create(runner));
        root.Subcommands.Add(ServeCommand.Create(runner, console));
        root.Subcommands.Add(DiscordCommands.Create(runner));
        root.Subcommands.Add(ScheduleCommands.Create(runner));
        root.Subcommands.Add(SchemaCommands.Create(runner, console));

        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
            {
                console.Error.WriteLine("roundup: " + error.Message);
            }

            console.Error.WriteLine("Run 'roundup --help' for usage.");
            return ExitCodes.BadUsage;
        }

        return await parseResult.InvokeAsync(
            new InvocationConfiguration { Output = console.Out, Error = console.Error, EnableDefaultExceptionHandler = false },
            cancellationToken);
    }
}
