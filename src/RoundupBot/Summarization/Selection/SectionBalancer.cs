namespace RoundupBot.Summarization.Selection;

/// <summary>
/// Picks the items a section shows from its cluster so that one source does not fill it while others have
/// candidates: at most half of the section (rounded up) comes from one origin (all of arXiv counts as one, since its
/// category feeds carry the same flood; any other source counts by name) as long as the cluster holds items of
/// another origin; the places left are filled in rank order.
/// </summary>
public static class SectionBalancer
{
    /// <param name="members">The cluster's stories' leads, best first.</param>
    /// <param name="size">Items the section shows at most.</param>
    /// <returns>The items shown, in rank order.</returns>
    public static IReadOnlyList<RankedItem> Pick(IReadOnlyList<RankedItem> members, int size)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        if (members.Count <= size)
        {
            return members;
        }

        var cap = (size + 1) / 2;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var taken = new bool[members.Count];
        var picked = 0;
        for (var i = 0; i < members.Count && picked < size; i++)
        {
            var origin = Origin(members[i]);
            var count = counts.GetValueOrDefault(origin);
            // Over its share, an origin waits while another origin still has a candidate further down.
            if (count >= cap && HasOtherCandidate(members, taken, i, origin, counts, cap))
            {
                continue;
            }

            counts[origin] = count + 1;
            taken[i] = true;
            picked++;
        }

        for (var i = 0; i < members.Count && picked < size; i++)
        {
            if (!taken[i])
            {
                taken[i] = true;
                picked++;
            }
        }

        return [.. members.Where((_, i) => taken[i])];
    }

    /// <summary>arXiv for papers (whichever category feed carried them), else the shown source's name.</summary>
    public static string Origin(RankedItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Item.ArxivId is not null ? "arXiv" : item.SourceName ?? "";
    }

    private static bool HasOtherCandidate(IReadOnlyList<RankedItem> members, bool[] taken, int from, string origin, Dictionary<string, int> counts, int cap)
    {
        for (var j = from + 1; j < members.Count; j++)
        {
            var other = Origin(members[j]);
            if (!taken[j] && other != origin && counts.GetValueOrDefault(other) < cap)
            {
                return true;
            }
        }

        return false;
    }
}
