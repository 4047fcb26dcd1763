using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RoundupBot.Model;
using RoundupBot.Pipeline;
using RoundupBot.Publishing.Discord;
using RoundupBot.Rendering;
using RoundupBot.Storage;

namespace RoundupBot.Cli;

/// <summary><c>roundup digest build | list | show N</c>.</summary>
internal static class DigestCommands
{
    public static readonly Option<string?> Output = new("--output")
    {
        Description = "Write digest.json, digest.md, digest.txt, digest.html and discord.json to this folder",
        HelpName = "DIR",
    };

    /// <summary>Overrides <c>Summarizer:Engine</c> for this one run (applied in <see cref="CliHost"/>, so the options validator sees it).</summary>
    public static readonly Option<string?> Engine = CreateEngineOption();

    public static readonly Option<bool> Explain = new("--explain")
    {
        Description = "Also print why each shown item was picked: score factors, signals, relevance and the story it leads",
    };

    public static Command Create(CliRunner runner)
    {
        var digest = new Command("digest", "Build the next issue, or read the archive");
        digest.Subcommands.Add(Build(runner));
        digest.Subcommands.Add(List(runner));
        digest.Subcommands.Add(Show(runner));
        return digest;
    }

    private static Command Build(CliRunner runner)
    {
        var command = new Command("build", "Build (not publish) the issue of the current window") { Output, Engine, Explain };
        runner.SetAction(command, async (parseResult, services, console, ct) =>
        {
            var digest = await services.GetRequiredService<DigestBuilder>().BuildAsync(new Progress<string>(console.Error.WriteLine), ct);
            // Standard output may be the issue's Markdown; the engine's report goes beside the progress lines.
            WriteEngineReport(digest, console.Error);
            if (parseResult.GetValue(Explain))
            {
                WriteExplanation(digest, console.Error);
            }

            await WriteAsync(digest, parseResult.GetValue(Output), archived: false, services, console, ct);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command List(CliRunner runner)
    {
        var command = new Command("list", "The archive: every published issue") { GlobalOptions.Json };
        runner.SetAction(command, async (parseResult, services, console, ct) =>
        {
            var digests = await services.GetRequiredService<IRoundupStore>().ListDigestsAsync(ct);
            if (parseResult.GetValue(GlobalOptions.Json))
            {
                console.Out.WriteLine(CliJson.Serialize(digests));
                return ExitCodes.Success;
            }

            if (digests.Count == 0)
            {
                console.Out.WriteLine("No issue has been published yet: 'roundup run' builds and publishes one.");
                return ExitCodes.Success;
            }

            TextTable.Write(console.Out, ["NUMBER", "PUBLISHED (UTC)", "PERIOD", "SECTIONS", "TITLE"], digests.Select(d => new[]
            {
                d.Number.ToString(CultureInfo.InvariantCulture),
                d.PublishedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                $"{d.PeriodStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} – {d.PeriodEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}",
                d.Sections.ToString(CultureInfo.InvariantCulture),
                d.Title,
            }).ToList());
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Show(CliRunner runner)
    {
        var number = new Argument<int>("N") { Description = "The issue number, as 'digest list' shows it" };
        var command = new Command("show", "Print an archived issue as Markdown (or JSON)") { number, GlobalOptions.Json, Output };
        runner.SetAction(command, async (parseResult, services, console, ct) =>
        {
            var n = parseResult.GetValue(number);
            var digest = await services.GetRequiredService<IRoundupStore>().GetDigestAsync(n, ct)
                ?? throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture, $"there is no issue #{n} in the archive; 'roundup digest list' shows the numbers."));
            if (parseResult.GetValue(Output) is { } output)
            {
                await WriteAsync(digest, output, archived: true, services, console, ct);
            }
            else
            {
                console.Out.Write(parseResult.GetValue(GlobalOptions.Json) ? DigestJson.Serialize(digest) + "\n" : MarkdownRenderer.Render(digest));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// Why each shown item was picked (<c>--explain</c>), one line each in the order the issue shows them, after a line on
    /// what the selection left out. Written beside the progress lines, since standard output may be the issue itself.
    /// </summary>
    internal static void WriteExplanation(Digest digest, TextWriter writer)
    {
        var run = digest.Run;
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Selection: {run.WindowItems + run.Revisions} items in the window; {run.Revisions} revisions or old news left out (nothing this week discusses them); {run.OffFocus} off the focus left out; {run.Merged} shown inside another item's story; {run.PoolItems} stories clustered."));
        foreach (var pick in run.Picks ?? [])
        {
            writer.WriteLine(Summarization.Selection.StoryCoverage.Describe(pick));
        }
    }

    /// <summary>
    /// Two or three lines on what the LLM engine did: calls, tokens, cache hits, retries, fallbacks (each with its reason)
    /// and the evaluator's findings by kind. Nothing for the embedded engine.
    /// </summary>
    internal static void WriteEngineReport(Digest digest, TextWriter writer)
    {
        if (digest.Run.Llm is not { } llm)
        {
            return;
        }

        var culture = CultureInfo.InvariantCulture;
        writer.WriteLine(string.Create(culture,
            $"LLM ({llm.Provider} {llm.Model}): {llm.Calls} calls ({llm.GistCalls} for gists), {llm.InputTokens:N0} input and {llm.OutputTokens:N0} output tokens, {llm.CacheHits} gists from the store, {llm.Retries} retries, {llm.HttpRetries} HTTP retries, {llm.Fallbacks.Count} fallbacks."));
        foreach (var fallback in llm.Fallbacks)
        {
            writer.WriteLine($"  fallback: {fallback.Part} keeps the embedded engine's text: {fallback.Reason}");
        }

        if (llm.Findings.Count > 0)
        {
            writer.WriteLine("  findings: " + string.Join(", ", llm.Findings.Select(f => string.Create(culture, $"{f.Key} {f.Value}"))));
        }
    }

    private static Option<string?> CreateEngineOption()
    {
        var option = new Option<string?>("--engine")
        {
            Description = "Which engine writes the issue this time: embedded or llm (default: Summarizer:Engine)",
            HelpName = "embedded|llm",
        };
        option.AcceptOnlyFromAmong("embedded", "llm");
        return option;
    }

    /// <summary>
    /// Writes the files to <paramref name="output"/>, or the Markdown to standard output when no folder is given. An
    /// <paramref name="archived"/> issue gets its web link (<c>Roundup:BaseUrl</c>/digests/N) when the base URL is set;
    /// <c>discord.json</c> carries <c>Discord:Username</c> and <c>Discord:AvatarUrl</c>, as the publisher sends them.
    /// </summary>
    internal static async Task WriteAsync(Digest digest, string? output, bool archived, IServiceProvider services, CliConsole console, CancellationToken cancellationToken)
    {
        if (output is null)
        {
            console.Out.Write(MarkdownRenderer.Render(digest));
            return;
        }

        var baseUrl = services.GetRequiredService<IOptions<RoundupOptions>>().Value.BaseUrl;
        var links = archived && !string.IsNullOrWhiteSpace(baseUrl)
            ? EmailLinks.Preview(string.Create(CultureInfo.InvariantCulture, $"{baseUrl.TrimEnd('/')}/digests/{digest.Number}"))
            : null;
        var discord = services.GetRequiredService<IOptions<DiscordOptions>>().Value;
        foreach (var path in await DigestFiles.WriteAsync(output, digest, links, discord, cancellationToken))
        {
            console.Out.WriteLine("Wrote " + path);
        }
    }
}
