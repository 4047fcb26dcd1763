using RoundupBot.Model;

namespace RoundupBot.Storage;

/// <summary>
/// How a fetched entry meets the items already stored: which stored item it joins and whether its text replaces that
/// item's. Shared by every store so that SQLite and PostgreSQL merge the same feeds into the same items.
/// </summary>
internal static class ItemMergeRules
{
    /// <summary>
    /// Whether a candidate's text replaces the stored item's. Found by its own key: arXiv only for a higher version,
    /// anything else when the content hash changed. Found by title: only when the candidate's key is stronger
    /// (the arXiv paper replaces the blog copy that came first, and takes over its key); a weaker or equal
    /// copy found by title only joins, so two sources never overwrite each other's text back and forth. A community
    /// entry (<see cref="ItemCandidate.JoinOnly"/>) never replaces text.
    /// </summary>
    public static bool ReplacesText(ItemCandidate candidate, StoredItem row, bool byKey)
    {
        if (candidate.JoinOnly)
        {
            return false;
        }

        if (!byKey)
        {
            return Strength(candidate.CanonicalKey) > Strength(row.Key);
        }

        if (candidate.CanonicalKey.StartsWith("arxiv:", StringComparison.Ordinal))
        {
            return (candidate.ArxivVersion ?? 0) > (row.ArxivVersion ?? 0);
        }

        return !string.Equals(candidate.ContentHash, row.ContentHash, StringComparison.Ordinal);
    }

    /// <summary>
    /// The first of <paramref name="sameTitle"/> (the stored items with the candidate's title key, oldest first) that
    /// the candidate may join, or null.
    /// </summary>
    public static StoredItem? FindTitleMatch(IEnumerable<StoredItem> sameTitle, ItemCandidate candidate)
    {
        var strength = Strength(candidate.CanonicalKey);
        foreach (var row in sameTitle)
        {
            // Two arXiv ids (or two DOIs) are two works even when their titles agree (a paper and its erratum).
            if (strength > 1 && strength == Strength(row.Key))
            {
                continue;
            }

            return row;
        }

        return null;
    }

    /// <summary>What an item looks like once a candidate has been written over it (or inserted as it).</summary>
    public static StoredItem Stored(long id, ItemCandidate candidate) =>
        new(id, candidate.CanonicalKey, candidate.TitleKey, candidate.ArxivVersion, candidate.ContentHash, candidate.Published is null);

    /// <summary>FNV-1a over the title key's UTF-16 code units: stable across processes and platforms, unlike string.GetHashCode.</summary>
    public static long TitleHash(string titleKey)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in titleKey)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return unchecked((long)hash);
    }

    /// <summary>arXiv (3) over DOI (2) over URL (1).</summary>
    public static int Strength(string key) =>
        key.StartsWith("arxiv:", StringComparison.Ordinal) ? 3 : key.StartsWith("doi:", StringComparison.Ordinal) ? 2 : 1;
}
