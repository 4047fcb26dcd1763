using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using RoundupBot.Configuration;
using RoundupBot.Scheduling;
using RoundupBot.Web;

namespace RoundupBot.Cli;

/// <summary>
/// <c>roundup serve [--urls URL]</c>: the schedule (fetch on an interval, the weekly roundup), the web pages, the admin
/// pages and /healthz, until Ctrl+C or SIGTERM.
/// </summary>
internal static class ServeCommand
{
    private static readonly Option<string> Urls = new("--urls")
    {
        Description = $"Addresses to listen on, separated by ';' (default: {RoundupWebApplication.DefaultUrls})",
        HelpName = "URL",
        DefaultValueFactory = _ => RoundupWebApplication.DefaultUrls,
    };

    public static Command Create(CliRunner runner, CliConsole console)
    {
        var command = new Command("serve", "Run the schedule and serve the issues, the Atom feed, the admin pages and /healthz") { Urls };
        runner.SetHostedAction(command, async (parseResult, cancellationToken) =>
        {
            var configuration = RoundupConfiguration.Load(parseResult.GetValue(GlobalOptions.Config) ?? GlobalOptions.DefaultConfigPath);
            var data = new DataDirectory(Path.GetFullPath(GlobalOptions.DataPath(parseResult)));
            await using var app = RoundupWebApplication.Build(
                configuration, data, parseResult.GetValue(Urls) ?? RoundupWebApplication.DefaultUrls,
                services => services.AddScheduling(configuration));
            await RoundupWebApplication.StartAsync(app, cancellationToken);
            console.Out.WriteLine($"Serving on {string.Join(", ", RoundupWebApplication.Addresses(app))}; Ctrl+C stops.");
            // The host also listens for SIGTERM; the command line's token covers Ctrl+C. Either stops Kestrel gracefully.
            await app.WaitForShutdownAsync(cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }
}
