using System.Globalization;
using RoundupBot.Model;

namespace RoundupBot.Summarization.Selection;

/// <summary>
/// What the issue shows with each story's lead: its coverage as "discussed in …" links (the posts and news that link
/// it, then the Hugging Face and Hacker News pages of it and of its coverage) and its signals; and why it was picked.
/// </summary>
public sealed class StoryCoverage
{
    /// <summary>The heading under which other reads are listed in <see cref="Pick.Placement"/>.</summary>
    public const string OtherReadsPlacement = "Other interesting things to read this week";

    private readonly Dictionary<long, (Story Story, int Rank)> _stories = [];
    private readonly IReadOnlyDictionary<long, IReadOnlyList<ItemSignal>> _signals;
    private readonly IReadOnlyDictionary<long, Source> _sources;

    /// <param name="stories">The window's stories, best first.</param>
    /// <param name="signals">Community signals by item id.</param>
    /// <param name="sources">Every source by id.</param>
    public StoryCoverage(IReadOnlyList<Story> stories, IReadOnlyDictionary<long, IReadOnlyList<ItemSignal>> signals, IReadOnlyDictionary<long, Source> sources)
    {
        ArgumentNullException.ThrowIfNull(stories);
        ArgumentNullException.ThrowIfNull(signals);
        ArgumentNullException.ThrowIfNull(sources);
        for (var i = 0; i < stories.Count; i++)
        {
            _stories[stories[i].Lead.Item.Id] = (stories[i], i + 1);
        }

        _signals = signals;
        _sources = sources;
    }

    /// <summary>The item with its story's <see cref="DigestItem.Related"/> links and <see cref="DigestItem.Signals"/> (null when it has none).</summary>
    public DigestItem Decorate(DigestItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (!_stories.TryGetValue(item.Id, out var entry))
        {
            return item;
        }

        var related = Coverage(entry.Story).Concat(SignalLinks(entry.Story)).DistinctBy(l => l.Link, StringComparer.Ordinal)
            .Where(l => !string.Equals(l.Link, item.Link, StringComparison.Ordinal))
            .ToList();
        var signals = Signals(entry.Story);
        return item with
        {
            Related = related.Count == 0 ? null : related,
            Signals = signals.Count == 0 ? null : signals,
        };
    }

    /// <summary>Why each shown item was picked, in the order the issue shows them.</summary>
    public IReadOnlyList<Pick> Explain(IReadOnlyList<Section> sections, IReadOnlyList<DigestItem> otherReads, IReadOnlySet<long> discussed)
    {
        ArgumentNullException.ThrowIfNull(sections);
        ArgumentNullException.ThrowIfNull(otherReads);
        ArgumentNullException.ThrowIfNull(discussed);
        var shown = sections.SelectMany(s => s.Items.Select(i => (Item: i, Placement: s.Title)))
            .Concat(otherReads.Select(i => (Item: i, Placement: OtherReadsPlacement)));
        var picks = new List<Pick>();
        foreach (var (item, placement) in shown)
        {
            if (!_stories.TryGetValue(item.Id, out var entry))
            {
                continue;
            }

            var lead = entry.Story.Lead;
            var coverage = Coverage(entry.Story).ToList();
            picks.Add(new Pick
            {
                Id = item.Id,
                Title = item.Title,
                Placement = placement,
                Rank = entry.Rank,
                Score = Math.Round(entry.Story.Score, 4),
                Factors = lead.Factors ?? new ScoreFactors { Weight = 1, Attention = 1, Signals = 1, Recency = 1, Focus = 1, Interests = 1, Score = lead.Score },
                Relevance = lead.Relevance,
                Signals = item.Signals,
                Story = coverage.Count == 0 ? null : coverage,
                Discussed = discussed.Contains(item.Id),
            });
        }

        return picks;
    }

    /// <summary>One line per pick, as <c>digest build --explain</c> prints it.</summary>
    public static string Describe(Pick pick)
    {
        ArgumentNullException.ThrowIfNull(pick);
        var f = pick.Factors;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"#{pick.Rank} {pick.Title} [{pick.Placement}]: score {pick.Score:0.###}; its own {f.Score:0.###} = weight {f.Weight:0.##} × attention {f.Attention:0.##} × signals {f.Signals:0.##} × recency {f.Recency:0.##} × focus {f.Focus:0.##} × interests {f.Interests:0.##}");
        if (pick.Story is { Count: > 0 } story)
        {
            line += string.Create(CultureInfo.InvariantCulture,
                $", + {pick.Score - f.Score:0.###} from the {story.Count} in its story ({string.Join("; ", story.Select(s => s.Source))})");
        }

        if (pick.Relevance is { } relevance)
        {
            line += string.Create(CultureInfo.InvariantCulture, $"; relevance {relevance:0.###}");
        }

        if (pick.Signals is { Count: > 0 } signals)
        {
            line += "; " + string.Join(", ", signals.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Count} {s.Kind} on {s.Source}")));
        }

        if (pick.Discussed)
        {
            line += "; a revision or older paper, shown because this week discusses it";
        }

        return line;
    }

    /// <summary>"312 points, 95 comments": how a signal's page is named in the issue.</summary>
    public static string SignalText(CommunitySignal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        var count = string.Create(CultureInfo.InvariantCulture, $"{signal.Count:N0} {(signal.Count == 1 ? signal.Kind.TrimEnd('s') : signal.Kind)}");
        return signal.Comments > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{count}, {signal.Comments:N0} {(signal.Comments == 1 ? "comment" : "comments")}")
            : count;
    }

    private static IEnumerable<RelatedLink> Coverage(Story story) =>
        story.Coverage.Select(c => new RelatedLink { Title = c.Item.Title, Link = c.Item.Link, Source = c.SourceName ?? Host(c.Item.Link) });

    private IEnumerable<RelatedLink> SignalLinks(Story story) =>
        StorySignals(story).Select(s => new RelatedLink { Title = SignalText(s.Signal), Link = s.Signal.DiscussionUrl, Source = SourceName(s.SourceId) });

    private List<ShownSignal> Signals(Story story) =>
        [.. StorySignals(story)
            .GroupBy(s => s.SourceId)
            .Select(g => g.MaxBy(s => s.Signal.Count)!)
            .Select(s => new ShownSignal { Source = SourceName(s.SourceId), Kind = s.Signal.Kind, Count = s.Signal.Count, Comments = s.Signal.Comments })];

    private IEnumerable<ItemSignal> StorySignals(Story story) =>
        new[] { story.Lead }.Concat(story.Coverage)
            .SelectMany(r => _signals.GetValueOrDefault(r.Item.Id) ?? [])
            .OrderByDescending(s => ItemRanker.SignalStrength(s.Signal))
            .ThenBy(s => s.SourceId);

    private string SourceName(long sourceId) => _sources.TryGetValue(sourceId, out var source) ? source.Name : "community";

    private static string Host(string link) => Uri.TryCreate(link, UriKind.Absolute, out var uri) ? uri.Host : link;
}
