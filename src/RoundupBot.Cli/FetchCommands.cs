using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using RoundupBot.Pipeline;

namespace RoundupBot.Cli;

/// <summary><c>roundup fetch</c> and <c>roundup run</c>.</summary>
internal static class FetchCommands
{
    private static readonly Option<bool> All = new("--all")
    {
        Description = "Fetch every enabled source now, due or not",
    };

    public static Command Fetch(CliRunner runner)
    {
        var command = new Command("fetch", "Fetch due sources into the store") { GlobalOptions.Json, All };
        runner.SetAction(command, FetchAsync);
        return command;
    }

    private static readonly Option<bool> DryRun = new("--dry-run")
    {
        Description = "Build the issue but publish nothing (the archive is not touched)",
    };

    /// <summary>The weekly job: fetch due sources, build the issue, archive it and send it (and whatever an earlier run left unsent).</summary>
    public static Command Run(CliRunner runner)
    {
        var command = new Command("run", "Fetch due sources, build the issue and publish it") { DryRun, DigestCommands.Output, DigestCommands.Engine };
        runner.SetAction(command, async (parseResult, services, console, ct) =>
        {
            var dryRun = parseResult.GetValue(DryRun);
            var store = services.GetRequiredService<Storage.IRoundupStore>();
            var due = await store.ListDueSourcesAsync(services.GetRequiredService<TimeProvider>().GetUtcNow(), ct);
            var outcome = await services.GetRequiredService<RoundupRunner>().RunAsync("cli", publish: !dryRun, new FetchProgress(console, due.Count), ct);
            if (outcome.WasAlreadyRunning)
            {
                console.Error.WriteLine("roundup: a roundup is already running in this process.");
                return ExitCodes.RuntimeFailure;
            }

            console.Out.WriteLine(Summary(outcome.Fetch!));
            var deliveries = outcome.Deliveries is { } report ? Summary(report) : null;
            if (deliveries is not null)
            {
                console.Out.WriteLine(deliveries);
            }

            if (outcome.OverdueDraftPublished is { } overdue)
            {
                console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Published the draft {overdue.Title}: its review deadline had passed ('roundup digest show {overdue.Number}')."));
            }

            if (outcome.Digest is not { } digest)
            {
                console.Error.WriteLine("roundup: " + outcome.NotBuiltReason);
                // Finishing an earlier issue's deliveries (after a crash, say), or publishing an overdue draft, is the run's useful work then.
                return deliveries is not null || outcome.OverdueDraftPublished is not null ? ExitCodes.Success : ExitCodes.RuntimeFailure;
            }

            console.Out.WriteLine(RunSummary(outcome, digest));
            foreach (var failure in outcome.Notice?.Failures ?? [])
            {
                console.Error.WriteLine("roundup: an editor was not told: " + failure);
            }

            DigestCommands.WriteEngineReport(digest, console.Out);

            // A dry run with no folder prints the issue, so there is something to look at.
            if (parseResult.GetValue(DigestCommands.Output) is { } output || dryRun)
            {
                await DigestCommands.WriteAsync(digest, parseResult.GetValue(DigestCommands.Output), archived: outcome.Published, services, console, ct);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>What the run did with the issue it built: published it, stored it as the draft, kept an edited draft, or (dry run) nothing.</summary>
    private static string RunSummary(RoundupOutcome outcome, Model.Digest digest)
    {
        if (outcome.Published)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"Published {digest.Title}: {digest.Sections.Count} sections, {digest.OtherReads.Count} other reads ('roundup digest show {digest.Number}').");
        }

        if (outcome.Draft is { } draft)
        {
            var told = outcome.Notice is { } notice ? string.Create(CultureInfo.InvariantCulture, $" Told {notice.Told} of {notice.Told + notice.Failures.Count} editors.") : "";
            return string.Create(CultureInfo.InvariantCulture,
                $"Stored {digest.Title} as the draft for review (version {draft.Version}): {digest.Sections.Count} sections, {digest.OtherReads.Count} other reads. Nobody receives it until it is approved ('roundup draft show', 'roundup draft approve').{told}");
        }

        if (outcome.KeptDraft is { } kept)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"Kept the edited draft {kept.Digest.Title} (version {kept.Version}): this build was not stored. To replace it, 'roundup draft discard' and run again, or rebuild it on the admin page.");
        }

        return $"Dry run: built {digest.Title} and published nothing.";
    }

    /// <summary>"Deliveries: 998 sent, 1 failed, 1 to retry later", or null when the run sent nothing.</summary>
    private static string? Summary(Publishing.Outbox.PublishReport report)
    {
        var parts = new List<string>();
        void Add(int count, string what)
        {
            if (count > 0)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{count} {what}"));
            }
        }

        Add(report.Sent, "sent");
        Add(report.Failed, "failed");
        Add(report.Retrying, "to retry later");
        Add(report.Skipped, "skipped (the subscriber left)");
        Add(report.Interrupted, "interrupted");
        Add(report.Recovered, "recovered from a stopped run");
        return parts.Count == 0 ? null : "Deliveries: " + string.Join(", ", parts) + ".";
    }

    private static async Task<int> FetchAsync(ParseResult parseResult, IServiceProvider services, CliConsole console, CancellationToken cancellationToken)
    {
        var all = parseResult.GetValue(All);
        var pipeline = services.GetRequiredService<FetchPipeline>();
        var store = services.GetRequiredService<Storage.IRoundupStore>();
        var sources = all
            ? (await store.ListSourcesAsync(cancellationToken)).Where(s => s.Enabled).ToList()
            : await pipeline.ListDueAsync(cancellationToken);
        var progress = new FetchProgress(console, sources.Count);
        var report = all
            ? await pipeline.FetchAsync(sources, progress, cancellationToken)
            : await pipeline.FetchIfDueAsync(sources, progress, cancellationToken);
        if (parseResult.GetValue(GlobalOptions.Json))
        {
            console.Out.WriteLine(CliJson.Serialize(new
            {
                sources = report.Sources,
                failed = report.Failed,
                notModified = report.NotModified,
                entries = report.Entries,
                inserted = report.Items.Inserted,
                updated = report.Items.Updated,
                unchanged = report.Items.Unchanged,
                seconds = Math.Round(report.Elapsed.TotalSeconds, 3),
                failures = report.Outcomes.Where(o => !o.Succeeded).Select(o => new { id = o.Source.Id, name = o.Source.Name, url = o.Source.Url, error = o.Error }),
            }));
        }
        else
        {
            console.Out.WriteLine(Summary(report));
            foreach (var failure in report.Outcomes.Where(o => !o.Succeeded))
            {
                console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  failed: [{failure.Source.Id}] {failure.Source.Name}: {failure.Error}"));
            }
        }

        // Some broken feeds are normal on any given day: only a run where every source failed is a failure.
        return report.Sources > 0 && report.Failed == report.Sources ? ExitCodes.RuntimeFailure : ExitCodes.Success;
    }

    internal static string Summary(FetchReport report) =>
        report.Sources == 0
            ? "No source is due; 'roundup sources list' shows when each is next due."
            : string.Create(CultureInfo.InvariantCulture,
                $"Fetched {report.Sources} sources in {report.Elapsed.TotalSeconds:0.0} s: {report.Entries} entries, {report.Items.Inserted} new items, {report.Items.Updated} updated, {report.NotModified} not modified, {report.Failed} failed.");
}
