using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RoundupBot.Model;
using RoundupBot.Pipeline;
using RoundupBot.Storage;

namespace RoundupBot.Cli;

/// <summary><c>roundup sources list | add | remove | import | export | check</c>.</summary>
internal static class SourcesCommands
{
    private static readonly Option<string?> Kind = new("--kind")
    {
        Description = "rss (RSS, Atom or JSON Feed), arxiv, html, huggingface (daily papers API) or hackernews (search API)",
        HelpName = "KIND",
    };

    private static readonly Option<string?> Selectors = new("--selectors")
    {
        Description = "For html sources: CSS selectors as \"item=article;title=h2;link=a;date=time;summary=p\"",
        HelpName = "SELECTORS",
    };

    public static Command Create(CliRunner runner)
    {
        var sources = new Command("sources", "List, add, remove, import, export and check sources");
        sources.Subcommands.Add(List(runner));
        sources.Subcommands.Add(Add(runner));
        sources.Subcommands.Add(Remove(runner));
        sources.Subcommands.Add(Import(runner));
        sources.Subcommands.Add(Export(runner));
        sources.Subcommands.Add(Check(runner));
        return sources;
    }

    private static Command List(CliRunner runner)
    {
        var command = new Command("list", "Show every source with its status, last fetch, item count and last error") { GlobalOptions.Json };
        runner.SetAction(command, async (parseResult, services, console, ct) =>
        {
            var sources = await services.GetRequiredService<IRoundupStore>().ListSourcesAsync(ct);
            if (parseResult.GetValue(GlobalOptions.Json))
            {
                console.Out.WriteLine(CliJson.Serialize(sources.Select(s => new
                {
                    id = s.Id,
                    name = s.Name,
                    url = s.Url,
                    kind = SourceKinds.Format(s.Kind),
                    weight = s.Weight,
                    enabled = s.Enabled,
                    status = Status(s),
                    lastFetchedAt = s.Fetch.LastFetchedAt,
                    lastStatus = s.Fetch.LastStatus,
                    items = s.ItemCount,
                    consecutiveFailures = s.Fetch.ConsecutiveFailures,
                    nextDueAt = s.Fetch.NextDueAt,
                    lastError = s.Fetch.LastError,
                })));
                return ExitCodes.Success;
            }

            if (sources.Count == 0)
            {
                console.Out.WriteLine("No sources yet: add one with 'roundup sources add URL' or list them under Sources in the configuration.");
                return ExitCodes.Success;
            }

            var rows = sources.Select(s => new[]
            {
                s.Id.ToString(CultureInfo.InvariantCulture),
                Truncate(s.Name, 36),
                SourceKinds.Format(s.Kind),
                Status(s),
                s.Fetch.LastFetchedAt?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "never",
                s.ItemCount.ToString(CultureInfo.InvariantCulture),
                Truncate(s.Fetch.LastError ?? "", 80),
            }).ToList();
            TextTable.Write(console.Out, ["ID", "NAME", "KIND", "STATUS", "LAST FETCH (UTC)", "ITEMS", "LAST ERROR"], rows);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Add(CliRunner runner)
    {
        var url = new Argument<string>("URL") { Description = "A feed URL, or a web page that links its feed" };
        var name = new Option<string?>("--name") { Description = "Display name (default: the feed's title)", HelpName = "NAME" };
        var command = new Command("add", "Check a feed and add it as a source") { url, name, Kind, Selectors };
        runner.SetAction(command, async (parseResult, services, console, ct) =>
        {
            var kind = ParseKind(parseResult.GetValue(Kind));
            var selectors = ParseSelectors(parseResult.GetValue(Selectors));
            var (source, check) = await services.GetRequiredService<SourceCatalog>()
                .AddAsync(parseResult.GetValue(url)!, parseResult.GetValue(name), kind, selectors, ct);
            if (check.Discovered)
            {
                console.Out.WriteLine($"Found the feed {check.Url} on that page.");
            }

            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Added source {source.Id}: {source.Name} ({SourceKinds.Format(source.Kind)}, {check.Items.Count} items now) {source.Url}"));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Remove(CliRunner runner)
    {
        var id = new Argument<long>("ID") { Description = "The source's id, as 'sources list' shows it" };
        var command = new Command("remove", "Remove a source and the items only it carried") { id };
        runner.SetAction(command, async (parseResult, services, console, ct) =>
        {
            var source = await services.GetRequiredService<SourceCatalog>().RemoveAsync(parseResult.GetValue(id), ct);
            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Removed source {source.Id}: {source.Name} ({source.Url})"));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Import(CliRunner runner)
    {
        var file = new Argument<string>("FILE") { Description = "An OPML file, as feed readers export" };
        var command = new Command("import", "Add every feed of an OPML file") { file };
        runner.SetAction(command, async (parseResult, services, console, ct) =>
        {
            var (added, skipped) = await services.GetRequiredService<SourceCatalog>().ImportAsync(parseResult.GetValue(file)!, ct);
            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Imported {added.Count} sources; skipped {skipped} already present or not http(s). 'roundup fetch' reads them."));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Export(CliRunner runner)
    {
        var command = new Command("export", "Print the sources as OPML");
        runner.SetAction(command, async (parseResult, services, console, ct) =>
        {
            var title = services.GetRequiredService<IOptions<RoundupOptions>>().Value.Title;
            var opml = await services.GetRequiredService<SourceCatalog>()
                .ExportAsync(title, services.GetRequiredService<TimeProvider>().GetUtcNow(), ct);
            console.Out.WriteLine(opml);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Check(CliRunner runner)
    {
        var url = new Argument<string>("URL") { Description = "A feed URL, or a web page that links its feed" };
        var command = new Command("check", "Fetch and parse one URL now and print its items; stores nothing") { url, GlobalOptions.Json, Kind, Selectors };
        runner.SetAction(command, async (parseResult, services, console, ct) =>
        {
            var kind = ParseKind(parseResult.GetValue(Kind)) ?? SourceKind.Rss;
            var check = await services.GetRequiredService<SourceInspector>()
                .CheckAsync(parseResult.GetValue(url)!, kind, ParseSelectors(parseResult.GetValue(Selectors)), ct);
            var items = check.Feed.Entries.Zip(check.Items, (entry, item) => new CheckedItem(
                item.Title, item.Link, entry.Published, item.Authors, item.ArxivId, item.Doi)).ToList();
            if (parseResult.GetValue(GlobalOptions.Json))
            {
                console.Out.WriteLine(CliJson.Serialize(new CheckedFeed(check.Url.AbsoluteUri, check.Feed.Title, check.Feed.Kind.ToString().ToLowerInvariant(), items,
                    [.. check.Feed.Skipped.Select(s => new CheckedSkip(s.Count, s.Reason))], check.Feed.Warnings)));
                return ExitCodes.Success;
            }

            if (check.Discovered)
            {
                console.Out.WriteLine($"Found the feed {check.Url} on that page.");
            }

            console.Out.WriteLine($"{check.Feed.Title ?? "(untitled)"} — {check.Feed.Kind.ToString().ToLowerInvariant()}, {items.Count.ToString(CultureInfo.InvariantCulture)} items");
            console.Out.WriteLine(check.Url.AbsoluteUri);
            // What the feed holds but cannot become items, and what was wrong with a document still read: an operator
            // comparing this with a feed reader should see why the counts differ.
            foreach (var skipped in check.Feed.Skipped)
            {
                console.Out.WriteLine($"Skipped {skipped}.");
            }
            foreach (var warning in check.Feed.Warnings)
            {
                console.Out.WriteLine($"Warning: {warning}.");
            }
            foreach (var item in items)
            {
                console.Out.WriteLine();
                console.Out.WriteLine($"  {item.Published?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "(no date)",-10}  {item.Title}");
                console.Out.WriteLine($"  {"",-10}  {item.Link}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static string Status(Source source) =>
        !source.Enabled ? "disabled"
        : source.Fetch.LastFetchedAt is null ? "new"
        : source.Fetch.ConsecutiveFailures > 0 ? string.Create(CultureInfo.InvariantCulture, $"failing ×{source.Fetch.ConsecutiveFailures}")
        : "ok";

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    private static SourceKind? ParseKind(string? value) =>
        value is null ? null
        : SourceKinds.TryParse(value, out var kind) ? kind
        : throw new InvalidInputException($"--kind must be {SourceKinds.Names}; got '{value}'.");

    /// <summary>Reads "item=article;title=h2;link=a;date=time;summary=p".</summary>
    internal static HtmlSelectors? ParseSelectors(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var key = equals > 0 ? part[..equals].Trim() : "";
            if (key is not ("item" or "title" or "link" or "date" or "summary") || equals == part.Length - 1)
            {
                throw new InvalidInputException($"--selectors: '{part}' is not KEY=SELECTOR with KEY one of item, title, link, date, summary.");
            }

            parts[key] = part[(equals + 1)..].Trim();
        }

        if (!parts.TryGetValue("item", out var item))
        {
            throw new InvalidInputException("--selectors needs item=SELECTOR: the CSS selector of each item's element.");
        }

        return new HtmlSelectors
        {
            Item = item,
            Title = parts.GetValueOrDefault("title"),
            Link = parts.GetValueOrDefault("link"),
            Date = parts.GetValueOrDefault("date"),
            Summary = parts.GetValueOrDefault("summary"),
        };
    }

    private sealed record CheckedFeed(
        string Url, string? Title, string Kind, IReadOnlyList<CheckedItem> Items, IReadOnlyList<CheckedSkip> Skipped, IReadOnlyList<string> Warnings);

    private sealed record CheckedSkip(int Count, string Reason);

    private sealed record CheckedItem(string Title, string Link, DateTimeOffset? Published, IReadOnlyList<string> Authors, string? ArxivId, string? Doi);
}
