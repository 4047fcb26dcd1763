// The LLM engine's cost: 500 items of one week against the tests' fake OpenAI-compatible server, which counts the
// prompt tokens it is sent. Two scenarios, each run twice over the same items (the second run finds every gist stored):
//   pipeline  the real `digest build` path (AddRoundupBot, MiniLM, clustering) with Roundup:MinSections = MaxSections = 6:
//             the 500 items are ranked, the best 400 clustered into 6 sections of at most 6 items, the rest other reads.
//   stress    all 500 items put into 6 sections (83-84 items each) and handed to LlmSummarizer directly: what map-reduce
//             does when sections are far larger than the pipeline ever makes them.
// Prints one RESULT line per run.
//
//   dotnet LlmBench.dll [ITEMS=500]
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RoundupBot;
using RoundupBot.Model;
using RoundupBot.Pipeline;
using RoundupBot.Storage;
using RoundupBot.Summarization;
using RoundupBot.Summarization.Embedded;
using RoundupBot.Summarization.Llm;
using RoundupBot.Summarization.Selection;
using RoundupBot.Tests.TestSupport;

var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500;
const int Sections = 6;
await using var llm = await FakeLlm.StartAsync();
var directory = Directory.CreateTempSubdirectory("llm-bench-").FullName;
try
{
    var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Roundup:MinSections"] = Sections.ToString(CultureInfo.InvariantCulture),
        ["Roundup:MaxSections"] = Sections.ToString(CultureInfo.InvariantCulture),
        ["Summarizer:Engine"] = "llm",
        ["Summarizer:Llm:Endpoint"] = llm.OpenAiEndpoint,
        ["Summarizer:Llm:Model"] = "fake-model",
    }).Build();
    await using var services = new ServiceCollection()
        .AddLogging()
        .AddRoundupBot(configuration, new DataDirectory(directory))
        .BuildServiceProvider();
    var store = services.GetRequiredService<IRoundupStore>();
    await store.MigrateAsync(CancellationToken.None);
    var now = TimeProvider.System.GetUtcNow();

    // The labelled set's 300 abstracts, repeated with numbered titles so that every item is its own work.
    using var labelled = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "labelled-items.json")));
    var corpus = labelled.RootElement.EnumerateArray().Select(e => (Title: e.GetProperty("title").GetString()!, Summary: e.GetProperty("summary").GetString()!)).ToList();
    var sources = new List<Source>();
    for (var s = 0; s < 10; s++)
    {
        sources.Add(await store.AddSourceAsync(new Source { Name = $"Source {s}", Url = $"https://s{s}.example.org/feed", Weight = 1 + s % 3 * 0.25 }, CancellationToken.None));
    }

    for (var s = 0; s < sources.Count; s++)
    {
        var candidates = Enumerable.Range(0, count).Where(i => i % sources.Count == s).Select(i =>
        {
            var (title, summary) = corpus[i % corpus.Count];
            return new ItemCandidate
            {
                CanonicalKey = $"url:bench.example.org/{i}",
                Title = i < corpus.Count ? title : $"{title}, part {i / corpus.Count + 1}",
                Link = $"https://bench.example.org/{i}",
                Summary = summary,
                Published = now - TimeSpan.FromMinutes(1 + i % 9000),
                ContentHash = $"bench-{i}",
            };
        }).ToList();
        await store.UpsertItemsAsync(sources[s].Id, candidates, now - TimeSpan.FromMinutes(1), CancellationToken.None);
    }

    var builder = services.GetRequiredService<DigestBuilder>();
    foreach (var pass in new[] { "first", "second" })
    {
        llm.Reset();
        var digest = await builder.BuildAsync(null, CancellationToken.None);
        Report("pipeline", pass, digest.Sections.Count, digest.Sections.Sum(s => s.Items.Count), count, digest.Run.Llm!, llm);
    }

    // Stress: every item in one of six sections, in rank order, as if clustering had kept them all.
    var items = await store.ListItemsAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, CancellationToken.None);
    var names = sources.ToDictionary(s => s.Id, s => s.Name);
    var ranked = items.Select(i => new RankedItem(i, 1, names[i.SourceIds[0]])).ToList();
    var sections = ranked.Select((r, index) => (r, index)).GroupBy(x => x.index % Sections)
        .Select(g => (IReadOnlyList<RankedItem>)g.Select(x => x.r).ToList()).ToList();
    var embedded = new EmbeddedSummarizer().Write(sections, [], new IntroContext(1, count, sources.Count));
    var summarizer = services.GetRequiredService<LlmSummarizer>();
    foreach (var pass in new[] { "first", "second" })
    {
        llm.Reset();
        var written = await summarizer.WriteAsync(sections, embedded.Sections, embedded.Intro, new IntroContext(1, count, sources.Count), CancellationToken.None);
        Report("stress", pass, Sections, count, count, written.Report, llm);
    }
}
finally
{
    Directory.Delete(directory, recursive: true);
}

static void Report(string scenario, string pass, int sections, int sectionItems, int windowItems, LlmRunReport report, FakeLlm llm)
{
    var requests = llm.Requests;
    Console.WriteLine("RESULT " + JsonSerializer.Serialize(new
    {
        scenario,
        pass,
        sections,
        sectionItems,
        windowItems,
        calls = requests.Count,
        goalCalls = sections + 2,
        gistCalls = requests.Count(r => r.Task == "gists"),
        sectionCalls = requests.Count(r => r.Task == "section"),
        introCalls = requests.Count(r => r.Task == "intro"),
        inputTokens = llm.InputTokens,
        largestCallTokens = requests.Count == 0 ? 0 : requests.Max(r => r.Tokens),
        inputTokensPerSectionItem = Math.Round((double)llm.InputTokens / sectionItems, 1),
        inputTokensPerWindowItem = Math.Round((double)llm.InputTokens / windowItems, 1),
        outputTokens = report.OutputTokens,
        cacheHits = report.CacheHits,
        fallbacks = report.Fallbacks.Count,
        findings = report.Findings.Values.Sum(),
    }));
}
