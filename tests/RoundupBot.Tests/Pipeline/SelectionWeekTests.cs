using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RoundupBot.Model;
using RoundupBot.Pipeline;
using RoundupBot.Rendering;
using RoundupBot.Summarization.Embedded;
using RoundupBot.Summarization.Embedding;
using RoundupBot.Tests.Summarization.Embedding;
using RoundupBot.Tests.TestSupport;
using Xunit.Abstractions;

namespace RoundupBot.Tests.Pipeline;

/// <summary>
/// A week shaped like a real one (TestData/Week, see its README): arXiv listings with new, cross and replaced papers and
/// cross-listed physics, lab blogs and news that discuss six papers, Hugging Face upvotes and Hacker News points, all
/// fetched over loopback by the real pipeline, then built into an issue with the shipped focus.
/// </summary>
public sealed class SelectionWeekTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>The shipped configuration's focus (config/roundup.json).</summary>
    internal const string ShippedFocus =
        "Language models and the research behind them: new large and small language models, benchmarks and evaluations, reasoning, training data, alignment and safety; machine-learning research in general; and the AI systems people build and use, such as agents, tools and their applications.";

    /// <summary>Papers a post or news article of the week links, with the page that discusses each.</summary>
    private static readonly Dictionary<string, string> DiscussedPapers = new()
    {
        ["2401.10001"] = "https://www.microsoft.com/en-us/research/blog/small-models-big-results/",
        ["2401.10004"] = "https://www.technologyreview.com/2024/01/11/ai-running-out-of-data/",
        ["2401.10005"] = "https://www.technologyreview.com/2024/01/12/new-king-of-mmlu/",
        ["2401.10008"] = "https://bair.berkeley.edu/blog/2024/01/10/hallucination/",
        ["2401.10011"] = "https://deepmind.google/discover/blog/new-discoveries-in-mathematics/",
        ["2001.20007"] = "https://research.google/blog/revisiting-scaling-laws/",
    };

    private static readonly string[] UndiscussedRevisions = ["2306.20001", "2307.20002", "2309.20003", "2310.20004", "2311.20005", "2305.20006"];

    private static readonly string[] OffFocus =
    [
        "https://arxiv.org/abs/2401.10101", "https://arxiv.org/abs/2401.10102", "https://arxiv.org/abs/2401.10103", "https://arxiv.org/abs/2401.10104",
        "https://www.quantamagazine.org/a-new-proof-smooths-out-the-math-of-melting-20240110/",
    ];

    private PipelineHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await PipelineHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task The_issue_of_a_real_shaped_week_leads_with_the_discussed_papers_and_shows_no_revision_nothing_off_focus_and_each_story_once()
    {
        var report = await FetchWeekAsync();
        Assert.Equal(0, report.Failed);
        Assert.Equal(2, report.Outcomes.Single(o => o.Source.Kind == SourceKind.HackerNews).Skipped);

        var digest = await Builder().BuildAsync(null, CancellationToken.None);
        var markdown = MarkdownRenderer.Render(digest);
        output.WriteLine(markdown);
        foreach (var pick in digest.Run.Picks!)
        {
            output.WriteLine(RoundupBot.Summarization.Selection.StoryCoverage.Describe(pick));
        }

        var sectionItems = digest.Sections.SelectMany(s => s.Items).ToList();
        var shown = sectionItems.Concat(digest.OtherReads).ToList();
        var everyLink = shown.Select(i => i.Link).Concat(shown.SelectMany(i => i.Related ?? []).Select(r => r.Link)).ToList();

        // Every discussed paper leads a story in a section, with the post or article that discusses it beside it.
        foreach (var (paper, post) in DiscussedPapers)
        {
            var shownPaper = Assert.Single(sectionItems, i => i.Link == "https://arxiv.org/abs/" + paper);
            Assert.Contains(shownPaper.Related!, r => r.Link == post);
        }

        // No revision appears (unless discussed), and nothing off the focus appears anywhere.
        Assert.All(UndiscussedRevisions, id => Assert.DoesNotContain(everyLink, l => l.Contains(id, StringComparison.Ordinal)));
        Assert.All(OffFocus, link => Assert.DoesNotContain(link, everyLink));
        Assert.True(digest.Run.Revisions >= UndiscussedRevisions.Length);
        Assert.True(digest.Run.OffFocus >= OffFocus.Length);

        // Each story appears once: no item twice, and no post that discusses a paper shown again on its own.
        Assert.Equal(shown.Count, shown.Select(i => i.Id).Distinct().Count());
        Assert.Equal(everyLink.Count, everyLink.Distinct().Count());
        Assert.All(DiscussedPapers.Values, post => Assert.DoesNotContain(shown, i => i.Link == post));

        // Signals travel with their story: Hacker News points and Hugging Face upvotes, shown as "discussed in" links.
        var phi = sectionItems.Single(i => i.Link == "https://arxiv.org/abs/2401.10001");
        Assert.Contains(phi.Signals!, s => s is { Kind: SignalKinds.Upvotes, Count: 142 });
        Assert.Contains(phi.Signals!, s => s is { Kind: SignalKinds.Points, Count: 312 });
        Assert.Contains(phi.Related!, r => r.Link == "https://news.ycombinator.com/item?id=38900002" && r.Title == "312 points, 95 comments");
        Assert.Contains(phi.Related!, r => r.Link == "https://huggingface.co/papers/2401.10001");
        Assert.Contains("discussed in", markdown, StringComparison.Ordinal);

        // Lab posts and news that discuss no paper keep their place beside the papers.
        Assert.Contains(shown, i => i.Link == "https://openai.com/index/superalignment-fast-grants/");
        Assert.Contains(shown, i => i.Link == "https://engineering.example-startup.com/blog/llm-agents-in-production");

        // Why each shown item was picked is recorded, in the order shown.
        Assert.Equal(shown.Select(i => i.Id), digest.Run.Picks!.Select(p => p.Id));
        Assert.True(digest.Run.Picks!.Single(p => p.Id == shownPaperId("2001.20007")).Discussed);

        long shownPaperId(string arxivId) => sectionItems.Single(i => i.Link == "https://arxiv.org/abs/" + arxivId).Id;
    }

    [Fact]
    public async Task A_paper_listed_new_in_one_category_and_cross_in_another_is_one_item_with_both_categories()
    {
        await FetchWeekAsync();

        var items = await _harness.Store.ListItemsAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, CancellationToken.None);

        var paper = Assert.Single(items, i => i.ArxivId == "2401.10003");
        Assert.Equal(2, paper.SourceIds.Count);
        Assert.Contains("cs.CL", paper.Categories);
        Assert.Contains("cs.LG", paper.Categories);
        var facts = await _harness.Store.GetSelectionFactsAsync([.. items.Select(i => i.Id)], CancellationToken.None);
        Assert.DoesNotContain(paper.Id, facts.Revisions);
        Assert.Equal(7, items.Count(i => facts.Revisions.Contains(i.Id)));
    }

    private async Task<FetchReport> FetchWeekAsync()
    {
        var week = Path.Combine(AppContext.BaseDirectory, "TestData", "Week");
        (string File, string Name, SourceKind Kind, double Weight)[] sources =
        [
            ("arxiv-cs.CL.rss", "arXiv cs.CL (Computation and Language)", SourceKind.Arxiv, 1.0),
            ("arxiv-cs.LG.rss", "arXiv cs.LG (Machine Learning)", SourceKind.Arxiv, 1.0),
            ("arxiv-cs.AI.rss", "arXiv cs.AI (Artificial Intelligence)", SourceKind.Arxiv, 1.0),
            ("msr.xml", "Microsoft Research Blog", SourceKind.Rss, 1.5),
            ("deepmind.xml", "Google DeepMind Blog", SourceKind.Rss, 1.5),
            ("google-research.xml", "Google Research Blog", SourceKind.Rss, 1.5),
            ("bair.xml", "BAIR Blog (Berkeley AI Research)", SourceKind.Rss, 1.5),
            ("hf-blog.xml", "Hugging Face Blog", SourceKind.Rss, 1.5),
            ("openai.xml", "OpenAI News", SourceKind.Rss, 1.5),
            ("techreview.xml", "MIT Technology Review: Artificial Intelligence", SourceKind.Rss, 1.2),
            ("quanta.xml", "Quanta Magazine", SourceKind.Rss, 1.2),
            ("hf-daily-papers.json", "Hugging Face daily papers", SourceKind.HuggingFace, 1.0),
            ("hn-search.json", "Hacker News: AI research", SourceKind.HackerNews, 1.0),
        ];
        foreach (var (file, name, kind, weight) in sources)
        {
            var contentType = file.EndsWith(".json", StringComparison.Ordinal) ? "application/json; charset=utf-8" : "application/rss+xml; charset=utf-8";
            _harness.Server.MapFile("/" + file, await File.ReadAllBytesAsync(Path.Combine(week, file)), contentType);
            await _harness.Store.AddSourceAsync(new Source { Name = name, Url = _harness.Server.Url("/" + file).AbsoluteUri, Kind = kind, Weight = weight }, CancellationToken.None);
        }

        var report = await _harness.FetchPipeline().FetchDueAsync(null, CancellationToken.None);
        _harness.Database.Time.Advance(TimeSpan.FromMinutes(5));
        return report;
    }

    private DigestBuilder Builder() => new(
        _harness.Store,
        new EmbeddingService(_harness.Store, SharedEmbedder.Instance, NullLogger<EmbeddingService>.Instance),
        new EmbeddedSummarizer(),
        _harness.Database.Time,
        Options.Create(new RoundupOptions { Focus = ShippedFocus }));
}
