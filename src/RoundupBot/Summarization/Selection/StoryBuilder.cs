using RoundupBot.Model;

namespace RoundupBot.Summarization.Selection;

/// <summary>
/// Groups ranked items into stories. A post or news article (an item without an arXiv id) that links a paper of the
/// window joins that paper's story (the best-ranked one when it links several); one that links only other posts
/// joins the best-ranked of those that rank above it, so chains end at a paper or the top post and never loop. Papers
/// always lead: a paper citing another is not coverage of it. A story's score is its lead's plus its coverage's, so a
/// paper that the week's posts discuss rises above the flood of undiscussed ones.
/// </summary>
public static class StoryBuilder
{
    /// <param name="ranked">The window's items, best first (<see cref="ItemRanker.Rank"/>).</param>
    /// <param name="mentions">The canonical keys each item links, by item id.</param>
    /// <returns>The stories, best first; ties keep the ranking's order.</returns>
    public static IReadOnlyList<Story> Build(IReadOnlyList<RankedItem> ranked, IReadOnlyDictionary<long, IReadOnlyList<string>> mentions)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(mentions);
        var position = new Dictionary<string, int>(ranked.Count, StringComparer.Ordinal);
        for (var i = 0; i < ranked.Count; i++)
        {
            position.TryAdd(ranked[i].Item.CanonicalKey, i);
        }

        var parent = new int[ranked.Count];
        for (var i = 0; i < ranked.Count; i++)
        {
            parent[i] = -1;
            var item = ranked[i].Item;
            if (item.ArxivId is not null || !mentions.TryGetValue(item.Id, out var keys))
            {
                continue;
            }

            int bestPaper = -1, bestPost = -1;
            foreach (var key in keys)
            {
                if (!position.TryGetValue(key, out var target) || target == i)
                {
                    continue;
                }

                if (ranked[target].Item.ArxivId is not null)
                {
                    bestPaper = bestPaper < 0 ? target : Math.Min(bestPaper, target);
                }
                else if (target < i)
                {
                    bestPost = bestPost < 0 ? target : Math.Min(bestPost, target);
                }
            }

            parent[i] = bestPaper >= 0 ? bestPaper : bestPost;
        }

        var coverage = new Dictionary<int, List<int>>();
        for (var i = 0; i < ranked.Count; i++)
        {
            if (parent[i] < 0)
            {
                continue;
            }

            // A post's parent is a paper (which has none) or a post above it, so this walk ends.
            var root = parent[i];
            while (parent[root] >= 0)
            {
                root = parent[root];
            }

            if (!coverage.TryGetValue(root, out var list))
            {
                coverage[root] = list = [];
            }

            list.Add(i);
        }

        var stories = new List<(Story Story, int Position)>();
        for (var i = 0; i < ranked.Count; i++)
        {
            if (parent[i] >= 0)
            {
                continue;
            }

            var members = coverage.TryGetValue(i, out var list) ? list.Select(j => ranked[j]).ToList() : [];
            var score = ranked[i].Score + members.Sum(m => m.Score);
            stories.Add((new Story(ranked[i] with { Score = score }, members, score), i));
        }

        return stories
            .OrderByDescending(s => s.Story.Score)
            .ThenBy(s => s.Position)
            .Select(s => s.Story)
            .ToList();
    }
}
