using System.Diagnostics;
using Microsoft.Extensions.Options;
using RoundupBot.Model;
using RoundupBot.Storage;
using RoundupBot.Summarization;
using RoundupBot.Summarization.Clustering;
using RoundupBot.Summarization.Embedded;
using RoundupBot.Summarization.Embedding;
using RoundupBot.Summarization.Llm;
using RoundupBot.Summarization.Selection;

namespace RoundupBot.Pipeline;

/// <summary>
/// The <c>digest build</c> use case, shared by <c>run</c> and the scheduler: takes the items of the current window
/// (first seen since the end of the last issue, at most <c>Roundup:WindowDays</c> ago), leaves out revisions and old
/// news nothing this week discusses, compares every item with <c>Roundup:Focus</c> and leaves out those far from it,
/// ranks the rest (<see cref="ItemRanker"/>), makes them stories (<see cref="StoryBuilder"/>: a paper and the posts
/// that discuss it are one entry), clusters the best <see cref="PoolSize"/> into
/// <c>Roundup:MinSections</c>–<c>MaxSections</c> themed sections balanced across sources (<see cref="SectionBalancer"/>),
/// has the engine write titles, emoji, sentences and intro, and records why each shown item was picked. Builds; does
/// not store or publish.
/// </summary>
/// <remarks>
/// The embedded engine always writes the issue first: it is the default, and with <c>Summarizer:Engine</c> <c>llm</c>
/// its text is what each section (or the intro) keeps when the model's answer fails the evaluator or the model is down.
/// Both engines work on the same selection and clusters; only the words differ.
/// </remarks>
public sealed class DigestBuilder(
    IRoundupStore store,
    EmbeddingService embeddings,
    EmbeddedSummarizer summarizer,
    TimeProvider timeProvider,
    IOptions<RoundupOptions> options,
    LlmSummarizer? llm = null)
{
    /// <summary>How many of the best-ranked items are clustered into sections; the rest can only be other reads.</summary>
    public const int PoolSize = 400;

    /// <summary>
    /// Posts and news (items without an arXiv id) ranked below the <see cref="PoolSize"/> best that are clustered too, at
    /// most: lab posts and news keep their place beside a week's thousands of papers.
    /// </summary>
    public const int MaxExtraPosts = PoolSize / 4;

    /// <summary>Items listed under one section at most; a larger cluster's others become candidates for other reads.</summary>
    public const int MaxItemsPerSection = 6;

    private readonly RoundupOptions _options = options.Value;

    /// <summary>Builds the next issue from the current window.</summary>
    /// <exception cref="NotEnoughItemsException">The window holds too few items or themes for an issue; nothing is built.</exception>
    public async Task<Digest> BuildAsync(IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var latest = await store.GetLatestDigestAsync(cancellationToken);
        var earliest = now - TimeSpan.FromDays(_options.WindowDays);
        var start = latest is not null && latest.PeriodEnd > earliest ? latest.PeriodEnd : earliest;
        var number = (latest?.Number ?? 0) + 1;

        var started = Stopwatch.GetTimestamp();
        // Items are taken by when we first saw them, so each appears in one issue only.
        var window = await store.ListItemsAsync(start, now, cancellationToken);
        var facts = await store.GetSelectionFactsAsync([.. window.Select(i => i.Id)], cancellationToken);
        var sources = (await store.ListSourcesAsync(cancellationToken)).ToDictionary(s => s.Id);
        var (items, discussed) = WithoutRevisions(window, facts, earliest, start);

        var embedSeconds = 0.0;
        var reused = 0;
        var embedded = 0;
        IReadOnlyDictionary<long, float[]>? vectors = null;
        Dictionary<long, double>? relevance = null;
        var onFocus = items;
        if (!string.IsNullOrWhiteSpace(_options.Focus) && items.Count > 0)
        {
            // Relevance needs every window item's vector, not just the pool's; they are stored, so a week costs its new items once.
            progress?.Report($"Comparing {items.Count} items with the focus…");
            var embedStarted = Stopwatch.GetTimestamp();
            reused = (await store.GetEmbeddingsAsync(items, embeddings.CacheModel, cancellationToken)).Count;
            vectors = await embeddings.EmbedAsync(items, null, cancellationToken);
            embedded = items.Count - reused;
            var focus = await embeddings.EmbedTextAsync(_options.Focus, cancellationToken);
            relevance = items.ToDictionary(i => i.Id, i => Math.Round(Dot(vectors[i.Id], focus), 4));
            onFocus = [.. items.Where(i => relevance[i.Id] >= _options.MinRelevance)];
            embedSeconds = Stopwatch.GetElapsedTime(embedStarted).TotalSeconds;
        }

        var ranked = ItemRanker.Rank(onFocus, sources, _options.Interests, start, now, facts.Signals, relevance);
        var stories = StoryBuilder.Build(ranked, facts.Mentions);
        var pool = Pool(stories);
        var needed = _options.MinSections * SectionClusterer.MinSectionSize;
        if (pool.Count < needed)
        {
            throw new NotEnoughItemsException(
                $"Only {pool.Count} items since {start:yyyy-MM-dd HH:mm} UTC: an issue needs at least {needed} ({_options.MinSections} sections of {SectionClusterer.MinSectionSize}). Nothing was built; fetch more sources or wait.");
        }

        var selectSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds - embedSeconds;
        if (vectors is null)
        {
            progress?.Report($"Embedding {pool.Count} items…");
            started = Stopwatch.GetTimestamp();
            var poolItems = pool.Select(s => s.Lead.Item).ToList();
            reused = (await store.GetEmbeddingsAsync(poolItems, embeddings.CacheModel, cancellationToken)).Count;
            vectors = await embeddings.EmbedAsync(poolItems, null, cancellationToken);
            embedded = pool.Count - reused;
            embedSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        }

        started = Stopwatch.GetTimestamp();
        var clusters = SectionClusterer.Cluster(
            pool.Select(s => vectors[s.Lead.Item.Id]).ToList(), pool.Select(s => s.Score).ToList(), _options.MinSections, _options.MaxSections);
        if (clusters.Sections.Count < _options.MinSections)
        {
            throw new NotEnoughItemsException(
                $"The {pool.Count} items since {start:yyyy-MM-dd HH:mm} UTC form only {clusters.Sections.Count} themes; an issue needs at least {_options.MinSections} (Roundup:MinSections). Nothing was built.");
        }

        var sections = clusters.Sections
            .Select(s => SectionBalancer.Pick([.. s.Select(i => pool[i].Lead)], MaxItemsPerSection))
            .ToList();
        var inSections = sections.SelectMany(s => s).Select(r => r.Item.Id).ToHashSet();
        // A story's coverage is never a lead, so it cannot come back here as an other read.
        var otherReads = stories.Select(s => s.Lead).Where(r => !inSections.Contains(r.Item.Id)).Take(_options.OtherReads).ToList();
        var clusterSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

        started = Stopwatch.GetTimestamp();
        var context = new IntroContext(number, items.Count, sources.Count);
        var written = summarizer.Write(sections, otherReads, context);
        var (engine, writtenSections, intro, report) = (EmbeddedSummarizer.EngineName, written.Sections, written.Intro, (LlmRunReport?)null);
        if (llm is { IsEnabled: true })
        {
            progress?.Report($"Writing {sections.Count} sections with the language model…");
            var rewritten = await llm.WriteAsync(sections, written.Sections, written.Intro, context, cancellationToken);
            (engine, writtenSections, intro, report) = (LlmSummarizer.EngineName, rewritten.Sections, rewritten.Intro, rewritten.Report);
        }

        var summarizeSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

        var coverage = new StoryCoverage(stories, facts.Signals, sources);
        var shownSections = writtenSections.Select(s => s with { Items = [.. s.Items.Select(coverage.Decorate)] }).ToList();
        var shownOtherReads = written.OtherReads.Select(coverage.Decorate).ToList();
        var digest = new Digest
        {
            Number = number,
            Title = $"{_options.Title} #{number}",
            PeriodStart = start,
            PeriodEnd = now,
            Intro = intro,
            Sections = shownSections,
            OtherReads = shownOtherReads,
            Run = new DigestRun
            {
                Engine = engine,
                WindowItems = items.Count,
                PoolItems = pool.Count,
                Embedded = embedded,
                EmbeddingsReused = reused,
                SelectSeconds = Math.Round(selectSeconds, 3),
                EmbedSeconds = Math.Round(embedSeconds, 3),
                ClusterSeconds = Math.Round(clusterSeconds, 3),
                SummarizeSeconds = Math.Round(summarizeSeconds, 3),
                Llm = report,
                Revisions = window.Count - items.Count,
                OffFocus = items.Count - onFocus.Count,
                Merged = stories.Sum(s => s.Coverage.Count),
                Picks = coverage.Explain(shownSections, shownOtherReads, discussed),
            },
        };
        return digest with { ContentHash = DigestJson.ContentHash(digest) };
    }

    /// <summary>
    /// The window without revisions and old news: an item arXiv announced only as a new version (<c>replace</c>,
    /// <c>replace-cross</c>), or whose feed dates it before the window (an arXiv API entry's first version, an old post a
    /// new feed still carries), stays out unless something this week discusses it: a fresh item links it, or a
    /// community source (Hugging Face, Hacker News) first reported it during the window (a story still listed from
    /// weeks ago, whose points a fetch refreshed, is not this week's talk).
    /// </summary>
    internal static (IReadOnlyList<Item> Items, IReadOnlySet<long> Discussed) WithoutRevisions(
        IReadOnlyList<Item> window, SelectionFacts facts, DateTimeOffset earliest, DateTimeOffset start)
    {
        bool IsOld(Item item) => facts.Revisions.Contains(item.Id) || item.Published is { } published && published < earliest;
        var talkedAbout = window
            .Where(i => !IsOld(i))
            .SelectMany(i => (facts.Mentions.GetValueOrDefault(i.Id) ?? []).Where(k => k != i.CanonicalKey))
            .ToHashSet(StringComparer.Ordinal);
        var kept = new List<Item>(window.Count);
        var discussed = new HashSet<long>();
        foreach (var item in window)
        {
            if (!IsOld(item))
            {
                kept.Add(item);
            }
            else if (talkedAbout.Contains(item.CanonicalKey) || (facts.Signals.GetValueOrDefault(item.Id) ?? []).Any(s => s.FirstSeenAt >= start))
            {
                kept.Add(item);
                discussed.Add(item.Id);
            }
        }

        return (kept, discussed);
    }

    /// <summary>
    /// The stories clustered into sections: the best <see cref="PoolSize"/>, plus the next <see cref="MaxExtraPosts"/>
    /// posts and news, so that lab posts and news keep their place beside a week's thousands of papers.
    /// </summary>
    private static List<Story> Pool(IReadOnlyList<Story> stories)
    {
        var pool = stories.Take(PoolSize).ToList();
        pool.AddRange(stories.Skip(PoolSize).Where(s => s.Lead.Item.ArxivId is null).Take(MaxExtraPosts));
        return pool;
    }

    private static double Dot(float[] a, float[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }
}
