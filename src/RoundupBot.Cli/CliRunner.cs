using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RoundupBot.Configuration;
using RoundupBot.Ingestion.Fetching;
using RoundupBot.Ingestion.Parsing;
using RoundupBot.Pipeline;
using RoundupBot.Publishing.Discord;
using RoundupBot.Storage;

namespace RoundupBot.Cli;

/// <summary>
/// Runs a command's body with the services started, and turns every failure into one readable line on standard
/// error and the design's exit code: 2 for bad usage or configuration, 1 for runtime failures. Stack traces only with --verbose.
/// </summary>
internal sealed class CliRunner(CliConsole console)
{
    public delegate Task<int> CommandBody(ParseResult parseResult, IServiceProvider services, CliConsole console, CancellationToken cancellationToken);

    public void SetAction(Command command, CommandBody body, CliHostOptions? options = null)
    {
        SetHostedAction(command, async (parseResult, cancellationToken) =>
        {
            await using var services = await CliHost.StartAsync(parseResult, console, options ?? CliHostOptions.Default, cancellationToken);
            return await body(parseResult, services, console, cancellationToken);
        });
    }

    /// <summary>For commands that build their own host (<c>serve</c>): the same failure lines and exit codes.</summary>
    public void SetHostedAction(Command command, Func<ParseResult, CancellationToken, Task<int>> body)
    {
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            try
            {
                return await body(parseResult, cancellationToken);
            }
            catch (Exception ex)
            {
                return Fail(ex, parseResult.GetValue(GlobalOptions.Verbose), cancellationToken);
            }
        });
    }

    private int Fail(Exception ex, bool verbose, CancellationToken cancellationToken)
    {
        if (ex is AggregateException { InnerExceptions.Count: 1 } aggregate)
        {
            ex = aggregate.InnerExceptions[0];
        }
        else if (ex is AggregateException several && several.InnerExceptions.All(e => e is OptionsValidationException))
        {
            // Start-up validation reports every section that is wrong at once: one list of what to fix.
            ex = new OptionsValidationException("configuration", typeof(object),
                several.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures));
        }

        var (code, message) = ex switch
        {
            OperationCanceledException when cancellationToken.IsCancellationRequested => (ExitCodes.RuntimeFailure, "cancelled."),
            ConfigurationException => (ExitCodes.BadUsage, "configuration: " + ex.Message),
            OptionsValidationException validation => (ExitCodes.BadUsage, "configuration: " + string.Join(Environment.NewLine + "  ", validation.Failures)),
            InvalidInputException or Editing.DraftEditException => (ExitCodes.BadUsage, ex.Message),
            Editing.NoDraftException or DraftChangedException => (ExitCodes.RuntimeFailure, ex.Message),
            FetchException or FeedParseException or StoreException or NotEnoughItemsException or DiscordApiException => (ExitCodes.RuntimeFailure, ex.Message),
            _ => (ExitCodes.RuntimeFailure, $"unexpected {ex.GetType().Name}: {ex.Message}" + (verbose ? "" : " (run with --verbose for details)")),
        };
        console.Error.WriteLine("roundup: " + message);
        if (verbose)
        {
            console.Error.WriteLine(ex);
        }

        return code;
    }
}
