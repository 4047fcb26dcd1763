namespace RoundupBot.Summarization.Clustering;

/// <summary>
/// Groups item vectors into themed sections with average-linkage agglomerative clustering on cosine distance.
/// Merging stops at <see cref="MaxMergeDistance"/>, so items about very different topics never share a section just
/// to fill it; clusters with fewer than <see cref="MinSectionSize"/> items become stragglers. When that leaves fewer
/// than the minimum number of sections, the last merges are undone one by one until there are enough (or nothing is
/// left to split); when it leaves more than the maximum, the sections with the highest summed score are kept.
/// Deterministic: the same vectors and scores give the same clusters.
/// </summary>
public static class SectionClusterer
{
    /// <summary>Average cosine distance above which two groups are too different to share a section.</summary>
    public const double MaxMergeDistance = 0.78;

    /// <summary>Fewer items than this make no section.</summary>
    public const int MinSectionSize = 2;

    /// <param name="vectors">Unit-length vectors, one per item, in rank order (best first).</param>
    /// <param name="scores">Each item's ranking score, same order; used to pick and order sections.</param>
    /// <param name="minSections">Sections wanted at least (when the items allow it).</param>
    /// <param name="maxSections">Sections kept at most.</param>
    public static Clusters Cluster(IReadOnlyList<float[]> vectors, IReadOnlyList<double> scores, int minSections, int maxSections)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentOutOfRangeException.ThrowIfNotEqual(scores.Count, vectors.Count, nameof(scores));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSections, 1);
        var n = vectors.Count;
        if (n == 0)
        {
            return new Clusters([], []);
        }

        var merges = Agglomerate(vectors);
        var applied = merges.Count(m => m.Distance <= MaxMergeDistance);
        var groups = Groups(n, merges, applied);
        while (CountSections(groups) < minSections && applied > 0)
        {
            applied--;
            groups = Groups(n, merges, applied);
        }

        var sections = groups
            .Where(g => g.Count >= MinSectionSize)
            .Select(g => (Members: g, Score: g.Sum(i => scores[i])))
            .OrderByDescending(s => s.Score)
            .ThenBy(s => s.Members[0])
            .ToList();
        var kept = sections.Take(maxSections).Select(s => (IReadOnlyList<int>)s.Members).ToList();
        var inSections = kept.SelectMany(s => s).ToHashSet();
        var stragglers = Enumerable.Range(0, n).Where(i => !inSections.Contains(i)).ToList();
        return new Clusters(kept, stragglers);
    }

    private static int CountSections(List<List<int>> groups) => groups.Count(g => g.Count >= MinSectionSize);

    /// <summary>Every merge of a full average-linkage run (UPGMA), in order; distances never decrease.</summary>
    private static List<(int A, int B, double Distance)> Agglomerate(IReadOnlyList<float[]> vectors)
    {
        var n = vectors.Count;
        var distance = new double[n][];
        for (var i = 0; i < n; i++)
        {
            distance[i] = new double[n];
            for (var j = 0; j < i; j++)
            {
                distance[i][j] = distance[j][i] = 1 - Dot(vectors[i], vectors[j]);
            }
        }

        var size = Enumerable.Repeat(1, n).ToArray();
        var active = Enumerable.Range(0, n).ToList();
        var merges = new List<(int, int, double)>(n - 1);
        while (active.Count > 1)
        {
            int bestA = -1, bestB = -1;
            var best = double.MaxValue;
            for (var x = 0; x < active.Count; x++)
            {
                var row = distance[active[x]];
                for (var y = x + 1; y < active.Count; y++)
                {
                    if (row[active[y]] < best)
                    {
                        best = row[active[y]];
                        bestA = active[x];
                        bestB = active[y];
                    }
                }
            }

            // Lance–Williams update for average linkage: the merged group's distance to k is the size-weighted mean.
            foreach (var k in active)
            {
                if (k != bestA && k != bestB)
                {
                    var merged = (size[bestA] * distance[bestA][k] + size[bestB] * distance[bestB][k]) / (size[bestA] + size[bestB]);
                    distance[bestA][k] = distance[k][bestA] = merged;
                }
            }

            size[bestA] += size[bestB];
            active.Remove(bestB);
            merges.Add((bestA, bestB, best));
        }

        return merges;
    }

    /// <summary>The groups after the first <paramref name="count"/> merges, each sorted, ordered by first member.</summary>
    private static List<List<int>> Groups(int n, List<(int A, int B, double Distance)> merges, int count)
    {
        var parent = Enumerable.Range(0, n).ToArray();
        int Find(int x)
        {
            while (parent[x] != x)
            {
                x = parent[x] = parent[parent[x]];
            }

            return x;
        }

        for (var m = 0; m < count; m++)
        {
            parent[Find(merges[m].B)] = Find(merges[m].A);
        }

        return Enumerable.Range(0, n)
            .GroupBy(Find)
            .Select(g => g.OrderBy(i => i).ToList())
            .OrderBy(g => g[0])
            .ToList();
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
