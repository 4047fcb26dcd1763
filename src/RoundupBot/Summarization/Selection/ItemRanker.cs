using RoundupBot.Model;

namespace RoundupBot.Summarization.Selection;

/// <summary>
/// Ranks the items of a digest window. An item's score is the product of six factors (<see cref="ScoreFactors"/>):
/// <list type="bullet">
/// <item>source weight: the highest <c>Weight</c> among the sources that carried it (0 mutes a source);</item>
/// <item>attention: 1 + 0.5 for every further feed that carried it + 0.5 for every other item that links it
/// (mentions counted up to 4), so a paper that several feeds and blog posts talk about rises; community sources
/// (Hugging Face, Hacker News) count through the signals factor instead;</item>
/// <item>signals: 1 + the sum of each community signal's <see cref="SignalStrength"/> (up to 3): upvotes and points
/// with diminishing returns, scaled so that a typical front-page count is worth about 1 on either site;</item>
/// <item>recency: halves from the end of the window to its start (<c>published</c>, else first seen);</item>
/// <item>focus: 0.5 + the item's cosine similarity to <c>Roundup:Focus</c> (1 without a focus);</item>
/// <item>interests: 1 + 0.25 for every configured interest phrase found in its title or summary (up to 4).</item>
/// </list>
/// Ties break on something a reader would recognise: relevance to the focus, then signals, then recency; only items
/// equal in all of these fall back to their canonical key (the arXiv id or URL), never to the order of the store.
/// </summary>
public static class ItemRanker
{
    /// <summary>Hugging Face upvotes that count as one unit of signal (a paper of the day's top few).</summary>
    public const double ReferenceUpvotes = 50;

    /// <summary>Hacker News points that count as one unit of signal (a story that reached the front page).</summary>
    public const double ReferencePoints = 300;

    /// <summary>The signals factor's share above 1 is capped here, so attention elsewhere cannot swamp the rest.</summary>
    public const double MaxSignals = 3;

    /// <param name="items">The window's items.</param>
    /// <param name="sources">Every source by id (weights, names, kinds).</param>
    /// <param name="interests"><c>Roundup:Interests</c>.</param>
    /// <param name="windowStart">The window's start (recency is 0.5 there).</param>
    /// <param name="windowEnd">The window's end (recency is 1 there).</param>
    /// <param name="signals">The community signals per item id; none when null.</param>
    /// <param name="relevance">Each item's cosine similarity to the focus; null when there is no focus.</param>
    public static IReadOnlyList<RankedItem> Rank(
        IReadOnlyList<Item> items,
        IReadOnlyDictionary<long, Source> sources,
        IReadOnlyList<string> interests,
        DateTimeOffset windowStart,
        DateTimeOffset windowEnd,
        IReadOnlyDictionary<long, IReadOnlyList<ItemSignal>>? signals = null,
        IReadOnlyDictionary<long, double>? relevance = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(interests);
        var span = Math.Max((windowEnd - windowStart).TotalDays, 1.0 / 24);
        var ranked = new List<(RankedItem Ranked, double Strength)>(items.Count);
        foreach (var item in items)
        {
            var carriers = item.SourceIds.Select(id => sources.GetValueOrDefault(id)).OfType<Source>().ToList();
            var best = carriers.OrderByDescending(s => s.Weight).ThenBy(s => s.Id).FirstOrDefault();
            var weight = best?.Weight ?? 1.0;
            if (weight <= 0)
            {
                continue;
            }

            var feeds = carriers.Count(s => !SourceKinds.IsSignal(s.Kind));
            var attention = 1 + 0.5 * Math.Max(feeds - 1, 0) + 0.5 * Math.Min(item.MentionCount, 4);
            var strength = (signals?.GetValueOrDefault(item.Id) ?? []).Sum(s => SignalStrength(s.Signal));
            var signal = 1 + Math.Min(strength, MaxSignals);
            var age = Math.Clamp((windowEnd - When(item)).TotalDays, 0, span);
            var recency = Math.Pow(0.5, age / span);
            double? cosine = relevance is not null && relevance.TryGetValue(item.Id, out var r) ? r : null;
            var focus = relevance is null ? 1 : 0.5 + Math.Clamp(cosine ?? 0, 0, 1);
            var interest = 1 + 0.25 * Math.Min(CountInterests(item, interests), 4);
            var score = weight * attention * signal * recency * focus * interest;
            var factors = new ScoreFactors
            {
                Weight = weight,
                Attention = attention,
                Signals = Math.Round(signal, 4),
                Recency = Math.Round(recency, 4),
                Focus = Math.Round(focus, 4),
                Interests = interest,
                Score = Math.Round(score, 4),
            };
            // The shown source is a feed's when one carried it: "arXiv cs.CL", not "Hacker News", for a paper HN discussed.
            var shown = carriers.Where(s => !SourceKinds.IsSignal(s.Kind)).OrderByDescending(s => s.Weight).ThenBy(s => s.Id).FirstOrDefault() ?? best;
            ranked.Add((new RankedItem(item, score, shown?.Name, factors, cosine), strength));
        }

        return ranked
            .OrderByDescending(r => r.Ranked.Score)
            .ThenByDescending(r => r.Ranked.Relevance ?? 0)
            .ThenByDescending(r => r.Strength)
            .ThenByDescending(r => When(r.Ranked.Item))
            .ThenBy(r => r.Ranked.Item.CanonicalKey, StringComparer.Ordinal)
            .Select(r => r.Ranked)
            .ToList();
    }

    /// <summary>
    /// How much one community signal says, comparable across sites: log(1 + count) / log(1 + reference), so
    /// <see cref="ReferenceUpvotes"/> upvotes or <see cref="ReferencePoints"/> points are 1, ten times that 1.4 to 1.6
    /// (diminishing returns), and 0 is 0.
    /// </summary>
    public static double SignalStrength(CommunitySignal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        var reference = signal.Kind == SignalKinds.Upvotes ? ReferenceUpvotes : ReferencePoints;
        return Math.Log(1 + Math.Max(signal.Count, 0)) / Math.Log(1 + reference);
    }

    /// <summary>When an item happened for the reader: its published time, else when we first saw it.</summary>
    public static DateTimeOffset When(Item item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Published ?? item.FirstSeenAt;
    }

    private static int CountInterests(Item item, IReadOnlyList<string> interests)
    {
        var count = 0;
        foreach (var interest in interests)
        {
            if (item.Title.Contains(interest, StringComparison.OrdinalIgnoreCase)
                || item.Summary.Contains(interest, StringComparison.OrdinalIgnoreCase))
            {
                count++;
            }
        }

        return count;
    }
}
