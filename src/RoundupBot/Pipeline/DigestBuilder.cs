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
/// (first seen since the end of the last issue, at most <c>Roundup:WindowDays</c> ago, and not published before
/// that), ranks them, embeds the best
/// <see cref="PoolSize"/>, clusters them into <c>Roundup:MinSections</c>–<c>MaxSections</c> themed sections, and has the
/// engine write titles, emoji, sentences and intro. Builds; does not store or publish.
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
        // Items are taken by when we first saw them, so each appears in one issue only; an old post that a newly added
        // feed still carries is not this week's news, though.
        var items = (await store.ListItemsAsync(start, now, cancellationToken))
            .Where(i => i.Published is not { } published || published >= earliest)
            .ToList();
        var sources = (await store.ListSourcesAsync(cancellationToken)).ToDictionary(s => s.Id);
        var ranked = ItemRanker.Rank(items, sources, _options.Interests, start, now);
        var pool = ranked.Take(PoolSize).ToList();
        var needed = _options.MinSections * SectionClusterer.MinSectionSize;
        if (pool.Count < needed)
        {
            throw new NotEnoughItemsException(
                $"Only {pool.Count} items since {start:yyyy-MM-dd HH:mm} UTC: an issue needs at least {needed} ({_options.MinSections} sections of {SectionClusterer.MinSectionSize}). Nothing was built; fetch more sources or wait.");
        }

        var selectSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        progress?.Report($"Embedding {pool.Count} items…");
        started = Stopwatch.GetTimestamp();
        var poolItems = pool.Select(r => r.Item).ToList();
        var reused = (await store.GetEmbeddingsAsync(poolItems, embeddings.CacheModel, cancellationToken)).Count;
        var vectors = await embeddings.EmbedAsync(poolItems, null, cancellationToken);
        var embedSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

        started = Stopwatch.GetTimestamp();
        var clusters = SectionClusterer.Cluster(
            pool.Select(r => vectors[r.Item.Id]).ToList(), pool.Select(r => r.Score).ToList(), _options.MinSections, _options.MaxSections);
        if (clusters.Sections.Count < _options.MinSections)
        {
            throw new NotEnoughItemsException(
                $"The {pool.Count} items since {start:yyyy-MM-dd HH:mm} UTC form only {clusters.Sections.Count} themes; an issue needs at least {_options.MinSections} (Roundup:MinSections). Nothing was built.");
        }

        var sections = clusters.Sections.Select(s => (IReadOnlyList<RankedItem>)s.Take(MaxItemsPerSection).Select(i => pool[i]).ToList()).ToList();
        var inSections = sections.SelectMany(s => s).Select(r => r.Item.Id).ToHashSet();
        var otherReads = ranked.Where(r => !inSections.Contains(r.Item.Id)).Take(_options.OtherReads).ToList();
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

        var digest = new Digest
        {
            Number = number,
            Title = $"{_options.Title} #{number}",
            PeriodStart = start,
            PeriodEnd = now,
            Intro = intro,
            Sections = writtenSections,
            OtherReads = written.OtherReads,
            Run = new DigestRun
            {
                Engine = engine,
                WindowItems = items.Count,
                PoolItems = pool.Count,
                Embedded = pool.Count - reused,
                EmbeddingsReused = reused,
                SelectSeconds = Math.Round(selectSeconds, 3),
                EmbedSeconds = Math.Round(embedSeconds, 3),
                ClusterSeconds = Math.Round(clusterSeconds, 3),
                SummarizeSeconds = Math.Round(summarizeSeconds, 3),
                Llm = report,
            },
        };
        return digest with { ContentHash = DigestJson.ContentHash(digest) };
    }
}
