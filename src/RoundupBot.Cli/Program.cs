using RoundupBot.Cli;

return await RoundupCommandLine.RunAsync(args, CliConsole.System);
