using RoundupBot.Model;

namespace RoundupBot.Storage;

/// <summary>What the store knows about some items beyond <see cref="Item"/>, for the selection of an issue.</summary>
/// <param name="Revisions">Items arXiv announced only as a new version (<c>replace</c>, <c>replace-cross</c>).</param>
/// <param name="Signals">Each item's community signals, one per source, by source id.</param>
/// <param name="Mentions">The canonical keys each item links to (a post's arXiv links), by item id.</param>
public sealed record SelectionFacts(
    IReadOnlySet<long> Revisions,
    IReadOnlyDictionary<long, IReadOnlyList<ItemSignal>> Signals,
    IReadOnlyDictionary<long, IReadOnlyList<string>> Mentions)
{
    /// <summary>The best signal per item and source when a batch carries several: the highest count, then the most comments.</summary>
    internal static IReadOnlyList<(string Key, CommunitySignal Signal)> Strongest(IReadOnlyList<ItemCandidate> candidates)
    {
        var best = new Dictionary<string, CommunitySignal>(StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            if (candidate.Signal is not { } signal)
            {
                continue;
            }

            if (!best.TryGetValue(candidate.CanonicalKey, out var known)
                || signal.Count > known.Count || (signal.Count == known.Count && signal.Comments > known.Comments))
            {
                best[candidate.CanonicalKey] = signal;
            }
        }

        return [.. best.Select(p => (p.Key, p.Value))];
    }

    /// <summary>One row per announced work: true when every listing in the batch was a revision.</summary>
    internal static IReadOnlyList<(string Key, bool Revision)> Announcements(IReadOnlyList<ItemCandidate> candidates)
    {
        var result = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            if (candidate.ArxivId is null || string.IsNullOrEmpty(candidate.AnnounceType))
            {
                continue;
            }

            var revision = candidate.AnnounceType is "replace" or "replace-cross";
            result[candidate.CanonicalKey] = result.TryGetValue(candidate.CanonicalKey, out var known) ? known && revision : revision;
        }

        return [.. result.Select(p => (p.Key, p.Value))];
    }

    internal static void Append<T>(Dictionary<long, IReadOnlyList<T>> lists, long id, T value)
    {
        if (!lists.TryGetValue(id, out var list))
        {
            lists[id] = list = new List<T>();
        }

        ((List<T>)list).Add(value);
    }
}
