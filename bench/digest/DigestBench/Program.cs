// Digest build at N items: seeds a fresh SQLite store with N items of this week, then builds the issue twice
// through the real services (AddRoundupBot): the first build embeds the pool, the second finds every vector stored.
// Prints one RESULT line per build with the stage timings from digest.json's run block and the peak resident set.
// With "focus", Roundup:Focus is the shipped configuration's: every window item is then embedded and compared with it
// (issue 15), so the cold build embeds all N items, not just the pool.
//
//   dotnet DigestBench.dll N [focus]
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RoundupBot;
using RoundupBot.Model;
using RoundupBot.Pipeline;
using RoundupBot.Storage;

var count = int.Parse(args[0], CultureInfo.InvariantCulture);
var focus = args.Length > 1 && args[1] == "focus";
var directory = Directory.CreateTempSubdirectory("digest-bench-").FullName;
try
{
    var settings = new Dictionary<string, string?>();
    if (focus)
    {
        using var shipped = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "roundup.json")));
        settings["Roundup:Focus"] = shipped.RootElement.GetProperty("Roundup").GetProperty("Focus").GetString();
    }

    var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
    await using var services = new ServiceCollection()
        .AddLogging()
        .AddRoundupBot(configuration, new DataDirectory(directory))
        .BuildServiceProvider();
    var store = services.GetRequiredService<IRoundupStore>();
    await store.MigrateAsync(CancellationToken.None);
    var now = TimeProvider.System.GetUtcNow();

    // The labelled set's 300 abstracts, each repeated with a numbered title so that every item is its own work.
    using var labelled = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "labelled-items.json")));
    var corpus = labelled.RootElement.EnumerateArray().Select(e => (Title: e.GetProperty("title").GetString()!, Summary: e.GetProperty("summary").GetString()!)).ToList();
    var sources = new List<Source>();
    for (var s = 0; s < 10; s++)
    {
        sources.Add(await store.AddSourceAsync(new Source { Name = $"Source {s}", Url = $"https://s{s}.example.org/feed", Weight = 1 + s % 3 * 0.25 }, CancellationToken.None));
    }

    var seeded = Stopwatch.GetTimestamp();
    foreach (var chunk in Enumerable.Range(0, count).Chunk(1000))
    {
        var candidates = chunk.Select(i =>
        {
            var (title, summary) = corpus[i % corpus.Count];
            var numbered = i < corpus.Count ? title : $"{title}, part {i / corpus.Count + 1}";
            return new ItemCandidate
            {
                CanonicalKey = $"url:bench.example.org/{i}",
                Title = numbered,
                Link = $"https://bench.example.org/{i}",
                Summary = summary,
                Published = now - TimeSpan.FromMinutes(1 + i % 9000),
                ContentHash = $"bench-{i}",
            };
        }).ToList();
        await store.UpsertItemsAsync(sources[chunk[0] / 1000 % sources.Count].Id, candidates, now - TimeSpan.FromMinutes(1), CancellationToken.None);
    }

    Console.Error.WriteLine($"seeded {count} items in {Stopwatch.GetElapsedTime(seeded).TotalSeconds:F1} s");
    var builder = services.GetRequiredService<DigestBuilder>();
    foreach (var pass in new[] { "cold", "stored" })
    {
        var started = Stopwatch.GetTimestamp();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var digest = await builder.BuildAsync(null, CancellationToken.None);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        using var process = Process.GetCurrentProcess();
        // CPU time as well as wall time: on a machine others share, the wall time says more about them than about us.
        var cpuSeconds = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        Console.WriteLine("RESULT " + JsonSerializer.Serialize(new
        {
            items = count,
            focus,
            pass,
            seconds = Math.Round(seconds, 3),
            cpuSeconds = Math.Round(cpuSeconds, 3),
            select = digest.Run.SelectSeconds,
            embed = digest.Run.EmbedSeconds,
            embedded = digest.Run.Embedded,
            embedItemsPerSecond = digest.Run.Embedded == 0 ? 0 : Math.Round(digest.Run.Embedded / digest.Run.EmbedSeconds, 1),
            cluster = digest.Run.ClusterSeconds,
            summarize = digest.Run.SummarizeSeconds,
            sections = digest.Sections.Count,
            offFocus = digest.Run.OffFocus,
            peakMb = Math.Round(process.PeakWorkingSet64 / 1048576.0, 1),
        }));
    }
}
finally
{
    Directory.Delete(directory, recursive: true);
}
