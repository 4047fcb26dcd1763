using RoundupBot.Model;

namespace RoundupBot.Summarization.Selection;

/// <summary>
/// Ranks the items of a digest window. An item's score is the product of four factors:
/// <list type="bullet">
/// <item>source weight: the highest <c>Weight</c> among the sources that carried it (0 mutes a source);</item>
/// <item>attention: 1 + 0.5 for every further source that carried it + 0.5 for every other item that links it
/// (mentions counted up to 4), so a paper that several feeds and blog posts talk about rises;</item>
/// <item>recency: halves from the end of the window to its start (<c>published</c>, else first seen);</item>
/// <item>interests: 1 + 0.25 for every configured interest phrase found in its title or summary (up to 4).</item>
/// </list>
/// Ties break on recency, then id, so the same items always rank the same.
/// </summary>
public static class ItemRanker
{
    public static IReadOnlyList<RankedItem> Rank(
        IReadOnlyList<Item> items,
        IReadOnlyDictionary<long, Source> sources,
        IReadOnlyList<string> interests,
        DateTimeOffset windowStart,
        DateTimeOffset windowEnd)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(interests);
        var span = Math.Max((windowEnd - windowStart).TotalDays, 1.0 / 24);
        var ranked = new List<RankedItem>(items.Count);
        foreach (var item in items)
        {
            var carriers = item.SourceIds.Select(id => sources.GetValueOrDefault(id)).OfType<Source>().ToList();
            var best = carriers.OrderByDescending(s => s.Weight).ThenBy(s => s.Id).FirstOrDefault();
            var weight = best?.Weight ?? 1.0;
            if (weight <= 0)
            {
                continue;
            }

            var attention = 1 + 0.5 * Math.Max(carriers.Count - 1, 0) + 0.5 * Math.Min(item.MentionCount, 4);
            var age = Math.Clamp((windowEnd - When(item)).TotalDays, 0, span);
            var recency = Math.Pow(0.5, age / span);
            var interest = 1 + 0.25 * Math.Min(CountInterests(item, interests), 4);
            ranked.Add(new RankedItem(item, weight * attention * recency * interest, best?.Name));
        }

        return ranked
            .OrderByDescending(r => r.Score)
            .ThenByDescending(r => When(r.Item))
            .ThenBy(r => r.Item.Id)
            .ToList();
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
