namespace RoundupBot.Summarization.Embedded;

/// <summary>
/// Writes a section's summary by picking its most central, least redundant sentences, each carrying the id
/// of the item it came from.
/// </summary>
/// <remarks>
/// Sentences come from the items' summaries (the title stands in for an empty summary). Centrality is the
/// TF-IDF cosine similarity of a sentence to the section's centroid; sentences are chosen by maximal marginal
/// relevance, covering different items before taking a second sentence from any item, and never more than
/// two from one item. The chosen sentences are returned in the order of the items in the section, then of
/// the sentences in the item. Deterministic; never throws for odd text (an item without any text contributes
/// nothing).
/// </remarks>
public sealed class ExtractiveSummarizer
{
    /// <summary>The most sentences taken per section.</summary>
    public const int MaxSentences = 4;

    // Long feed summaries (full articles) add time, not better sentences: the lead says what matters.
    private const int MaxSentencesPerItem = 12;
    private const int MaxCharsPerItem = 6000;
    private const double DuplicateSimilarity = 0.9;

    private readonly double _lambda;
    private readonly int _maxSentenceLength;
    private readonly int _maxDescriptionLength;

    /// <summary>Creates a summarizer.</summary>
    /// <param name="lambda">Weight of centrality against redundancy in maximal marginal relevance, 0–1. <value>Default 0.7.</value></param>
    /// <param name="maxSentenceLength">Longest sentence in characters, "…" included. <value>Default 300.</value></param>
    /// <param name="maxDescriptionLength">Longest "other read" description in characters. <value>Default 200.</value></param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range (lengths below 20).</exception>
    public ExtractiveSummarizer(double lambda = 0.7, int maxSentenceLength = 300, int maxDescriptionLength = 200)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lambda, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lambda, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSentenceLength, 20);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDescriptionLength, 20);
        _lambda = lambda;
        _maxSentenceLength = maxSentenceLength;
        _maxDescriptionLength = maxDescriptionLength;
    }

    /// <summary>
    /// Summarizes one section in up to four sentences: four when at least four items have text, otherwise one
    /// per such item (a one-item section gets one sentence), none for a section without any text.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> is null.</exception>
    public IReadOnlyList<SummarySentence> Summarize(IReadOnlyList<SectionItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var candidates = Candidates(items);
        if (candidates.Count == 0)
        {
            return [];
        }

        Vectorize(candidates);
        var centroid = Centroid(candidates);
        foreach (var candidate in candidates)
        {
            // The lead sentence of a summary usually states the finding; give it a small edge.
            candidate.Centrality = Cosine(candidate.Vector, centroid) + (candidate.Position == 0 ? 0.05 : 0);
        }

        var itemsWithText = candidates.Select(c => c.ItemIndex).Distinct().Count();
        var target = Math.Min(MaxSentences, itemsWithText);
        var chosen = Select(candidates, target);
        return chosen
            .OrderBy(c => c.ItemIndex)
            .ThenBy(c => c.Position)
            .Select(c => new SummarySentence(TextTokens.Trim(c.Text, _maxSentenceLength), c.ItemId))
            .ToList();
    }

    /// <summary>Summarizes every section, in order.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="sections"/> or one of its lists is null.</exception>
    public IReadOnlyList<IReadOnlyList<SummarySentence>> Summarize(IReadOnlyList<IReadOnlyList<SectionItem>> sections)
    {
        ArgumentNullException.ThrowIfNull(sections);
        return sections.Select(Summarize).ToList();
    }

    /// <summary>
    /// A one-line description for an "other read": the first sentence of the summary (the title when the
    /// summary is empty), at most the description length, cut at a word with "…".
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="item"/> is null.</exception>
    public string Describe(SectionItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var first = SentenceSplitter.Split(Head(item.Summary)).FirstOrDefault()
            ?? TextTokens.CollapseWhitespace(item.Title);
        return TextTokens.Trim(first, _maxDescriptionLength);
    }

    /// <summary>Describes a stored item; see <see cref="Describe(SectionItem)"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="item"/> is null.</exception>
    public string Describe(RoundupBot.Model.Item item) => Describe(SectionItem.FromItem(item));

    private static string Head(string? text) =>
        text is null ? "" : text.Length > MaxCharsPerItem ? text[..MaxCharsPerItem] : text;

    private static List<Candidate> Candidates(IReadOnlyList<SectionItem> items)
    {
        var candidates = new List<Candidate>();
        var seenTexts = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var index = 0; index < items.Count; index++)
        {
            var item = items[index];
            if (item is null)
            {
                continue;
            }

            var sentences = SentenceSplitter.Split(Head(item.Summary));
            if (sentences.Count == 0)
            {
                sentences = SentenceSplitter.Split(item.Title).Take(1).ToList();
            }

            var position = 0;
            foreach (var sentence in sentences.Take(MaxSentencesPerItem))
            {
                // Duplicate items (the same abstract from two sources) must not yield the same sentence twice.
                if (seenTexts.Add(sentence))
                {
                    candidates.Add(new Candidate(sentence, item.Id, index, position));
                }

                position++;
            }
        }

        // Fragments ("Code is available.") make poor summary lines; drop them when their item has better ones.
        // Per item, so an item in a language written without spaces still gets its say.
        var substantial = candidates.Where(c => TextTokens.ContentKeys(c.Text).Count() >= 4).ToList();
        var itemsWithSubstance = substantial.Select(c => c.ItemIndex).ToHashSet();
        return candidates.Where(c => substantial.Contains(c) || !itemsWithSubstance.Contains(c.ItemIndex)).ToList();
    }

    private static void Vectorize(List<Candidate> candidates)
    {
        var terms = candidates.Select(c => TextTokens.ContentKeys(c.Text).ToList()).ToList();
        var documentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var term in terms.SelectMany(t => t.Distinct(StringComparer.Ordinal)))
        {
            documentFrequency[term] = documentFrequency.GetValueOrDefault(term) + 1;
        }

        for (var i = 0; i < candidates.Count; i++)
        {
            var vector = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var term in terms[i])
            {
                vector[term] = vector.GetValueOrDefault(term) + 1;
            }

            foreach (var term in vector.Keys.ToList())
            {
                var idf = Math.Log((1.0 + candidates.Count) / (1.0 + documentFrequency[term])) + 1;
                vector[term] = (1 + Math.Log(vector[term])) * idf;
            }

            candidates[i].Vector = Normalize(vector);
        }
    }

    private static Dictionary<string, double> Centroid(List<Candidate> candidates)
    {
        var centroid = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            foreach (var (term, weight) in candidate.Vector)
            {
                centroid[term] = centroid.GetValueOrDefault(term) + weight;
            }
        }

        return Normalize(centroid);
    }

    private List<Candidate> Select(List<Candidate> candidates, int target)
    {
        var chosen = new List<Candidate>();
        var perItem = new Dictionary<int, int>();
        while (chosen.Count < target)
        {
            Candidate? best = null;
            var bestScore = double.NegativeInfinity;
            var bestFresh = false;
            foreach (var candidate in candidates)
            {
                var fromItem = perItem.GetValueOrDefault(candidate.ItemIndex);
                if (chosen.Contains(candidate) || fromItem >= 2)
                {
                    continue;
                }

                var redundancy = chosen.Count == 0 ? 0 : chosen.Max(c => Cosine(c.Vector, candidate.Vector));
                if (redundancy >= DuplicateSimilarity)
                {
                    continue;
                }

                // An item not yet cited always beats a second sentence from a cited one.
                var fresh = fromItem == 0;
                var score = (_lambda * candidate.Centrality) - ((1 - _lambda) * redundancy);
                if (best is null || (fresh && !bestFresh) || (fresh == bestFresh && score > bestScore))
                {
                    best = candidate;
                    bestScore = score;
                    bestFresh = fresh;
                }
            }

            if (best is null)
            {
                break;
            }

            chosen.Add(best);
            perItem[best.ItemIndex] = perItem.GetValueOrDefault(best.ItemIndex) + 1;
        }

        return chosen;
    }

    private static Dictionary<string, double> Normalize(Dictionary<string, double> vector)
    {
        var norm = Math.Sqrt(vector.Values.Sum(v => v * v));
        if (norm > 0)
        {
            foreach (var key in vector.Keys.ToList())
            {
                vector[key] /= norm;
            }
        }

        return vector;
    }

    private static double Cosine(Dictionary<string, double> a, Dictionary<string, double> b)
    {
        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        var dot = 0.0;
        foreach (var (term, weight) in small)
        {
            if (large.TryGetValue(term, out var other))
            {
                dot += weight * other;
            }
        }

        return dot;
    }

    private sealed class Candidate(string text, long itemId, int itemIndex, int position)
    {
        public string Text { get; } = text;

        public long ItemId { get; } = itemId;

        public int ItemIndex { get; } = itemIndex;

        public int Position { get; } = position;

        public Dictionary<string, double> Vector { get; set; } = [];

        public double Centrality { get; set; }
    }
}
