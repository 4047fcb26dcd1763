using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using RoundupBot.Editing;
using RoundupBot.Model;
using RoundupBot.Pipeline;
using RoundupBot.Rendering;

namespace RoundupBot.Cli;

/// <summary><c>roundup draft show [--json] | edit FILE [--version N] | approve | discard</c>: the issue waiting for the editor (<c>Roundup:Review</c>).</summary>
internal static class DraftCommands
{
    public static Command Create(CliRunner runner)
    {
        var draft = new Command("draft", "With Roundup:Review on: show, edit, approve or discard the issue waiting for review");
        draft.Subcommands.Add(Show(runner));
        draft.Subcommands.Add(Edit(runner));
        draft.Subcommands.Add(Approve(runner));
        draft.Subcommands.Add(Discard(runner));
        return draft;
    }

    private static Command Show(CliRunner runner)
    {
        var command = new Command("show", "Print the draft as Markdown (or its digest.json, to edit)") { GlobalOptions.Json };
        runner.SetAction(command, async (parseResult, services, console, ct) =>
        {
            var draft = await services.GetRequiredService<DraftDesk>().GetAsync(ct) ?? throw new NoDraftException();
            // Standard output is the issue (or the file to edit); what the draft is goes beside it.
            console.Error.WriteLine(Describe(draft));
            console.Out.Write(parseResult.GetValue(GlobalOptions.Json) ? DigestJson.Serialize(draft.Digest) + "\n" : MarkdownRenderer.Render(draft.Digest));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Edit(CliRunner runner)
    {
        var file = new Argument<string>("FILE") { Description = "The draft's digest.json ('roundup draft show --json'), edited" };
        var version = new Option<int?>("--version")
        {
            Description = "The draft version the file was taken from ('draft show' says it); refused if the draft changed since",
            HelpName = "N",
        };
        var command = new Command("edit", "Apply an edited digest.json: section titles, emoji and order, item placement, sentences, editorNote") { file, version };
        runner.SetAction(command, async (parseResult, services, console, ct) =>
        {
            var path = parseResult.GetValue(file)!;
            string json;
            try
            {
                json = await File.ReadAllTextAsync(path, ct);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new InvalidInputException($"draft edit: cannot read {path}: {ex.Message}");
            }

            var desk = services.GetRequiredService<DraftDesk>();
            _ = await desk.GetAsync(ct) ?? throw new NoDraftException();
            Draft edited;
            try
            {
                edited = await desk.ApplyJsonAsync(parseResult.GetValue(version), json, "cli", ct);
            }
            catch (DraftEditException ex)
            {
                throw new DraftEditException($"{path}: {ex.Message} The draft is unchanged.", ex);
            }

            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Applied {path} to the draft: now version {edited.Version}, {edited.Digest.Sections.Count} sections, {DraftSummary.ItemCount(edited.Digest)} items{(edited.Digest.EditorNote is null ? "" : ", with the editor's note")}."));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Approve(CliRunner runner)
    {
        var command = new Command("approve", "Archive the draft and send it to every subscriber, exactly once, as 'run' does");
        runner.SetAction(command, async (parseResult, services, console, ct) =>
        {
            var (digest, deliveries) = await services.GetRequiredService<DraftDesk>().ApproveAsync(null, "cli", ct);
            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Published {digest.Title}: {digest.Sections.Count} sections, {digest.OtherReads.Count} other reads ('roundup digest show {digest.Number}')."));
            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Deliveries: {deliveries.Sent} sent, {deliveries.Failed} failed, {deliveries.Retrying} to retry later."));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Discard(CliRunner runner)
    {
        var command = new Command("discard", "Throw the draft away; the next run builds a new one from the same window");
        runner.SetAction(command, async (parseResult, services, console, ct) =>
        {
            var desk = services.GetRequiredService<DraftDesk>();
            var draft = await desk.GetAsync(ct) ?? throw new NoDraftException();
            await desk.DiscardAsync(draft.Version, "cli", ct);
            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Discarded the draft {draft.Digest.Title} (version {draft.Version})."));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>"Draft version 3 of …, built …, edited; published as it stands at … unless approved".</summary>
    private static string Describe(Draft draft)
    {
        var culture = CultureInfo.InvariantCulture;
        var when = draft.Deadline is { } deadline
            ? string.Create(culture, $"published as it stands at {deadline.UtcDateTime:yyyy-MM-dd HH:mm} UTC unless approved first")
            : "waits for approval";
        return string.Create(culture,
            $"Draft version {draft.Version}: {draft.Digest.Title}, built {draft.BuiltAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC, {(draft.Edited ? "edited" : "not edited")}; {when}. {draft.Digest.Sections.Count} sections, {DraftSummary.ItemCount(draft.Digest)} items.");
    }
}
