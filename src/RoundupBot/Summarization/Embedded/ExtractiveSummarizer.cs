using System.Globalization;

namespace RoundupBot.Summarization.Embedded;

/// <summary>
/// Writes a section's paragraph the way an editor would, from the items' own words: a first sentence that frames what
/// the items have in common (from the section's keyphrases), then, for each item, its key sentence — what it found or
/// made — standing alone and naming the item, with the items in an order that flows (related items together).
/// </summary>
/// <remarks>
/// Each item's key sentence is chosen among the first sentences of its summary (the title stands in for an empty one):
/// results, figures and contributions over background and motivation (<see cref="SentenceEditor.Substance"/>), then
/// closeness to the section (TF-IDF cosine to its centroid). A sentence opening with a pointer to unseen text is passed
/// over; a leading connective is removed; one of more than 35 words is cut at a clause boundary (<see cref="SentenceEditor"/>).
/// The item is named where the sentence speaks of it: its system's name linked in place ("FunSearch pairs …"), "In
/// “Short title”, the authors …" for a first-person sentence, else "In “Short title”, …"; a source that is not arXiv
/// shows once, in the words ("the team at Hugging Face", "as Quanta Magazine reports"). Apart from that frame, every word
/// is the item's own. Items follow a nearest-neighbour chain from the section's best item. Deterministic; never throws
/// for odd text (an item without any text contributes nothing).
/// </remarks>
public sealed class ExtractiveSummarizer
{
    /// <summary>The most sentences in a section: the framing line and one per item of a full section.</summary>
    public const int MaxSentences = 7;

    // Long feed summaries (full articles) add time, not better sentences: the lead says what matters.
    private const int MaxSentencesPerItem = 12;
    private const int MaxCharsPerItem = 6000;
    private const double DuplicateSimilarity = 0.9;

    private readonly int _maxSentenceLength;
    private readonly int _maxDescriptionLength;

    /// <summary>Creates a summarizer.</summary>
    /// <param name="maxSentenceLength">Longest sentence in characters, "…" included. <value>Default 400.</value></param>
    /// <param name="maxDescriptionLength">Longest "other read" description in characters. <value>Default 200.</value></param>
    /// <exception cref="ArgumentOutOfRangeException">A length is below 20.</exception>
    public ExtractiveSummarizer(int maxSentenceLength = 400, int maxDescriptionLength = 200)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSentenceLength, 20);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDescriptionLength, 20);
        _maxSentenceLength = maxSentenceLength;
        _maxDescriptionLength = maxDescriptionLength;
    }

    /// <summary>
    /// Summarizes one section: with two or more items that have text, a framing sentence from <paramref name="title"/>
    /// (when given) and then one sentence per item, in reading order; one sentence for a one-item section; none for a
    /// section without any text.
    /// </summary>
    /// <param name="items">The section's items, best first.</param>
    /// <param name="title">The section's title and keyphrases from <see cref="SectionTitler"/>; null leaves the framing sentence out.</param>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> is null.</exception>
    public IReadOnlyList<SummarySentence> Summarize(IReadOnlyList<SectionItem> items, SectionTitle? title = null)
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
            candidate.Score = SentenceEditor.Substance(candidate.Text, candidate.Position) + (0.8 * Cosine(candidate.Vector, centroid));
        }

        var chosen = new List<Candidate>();
        foreach (var group in candidates.GroupBy(c => c.ItemIndex))
        {
            // The best sentence that says something new; two items carrying the same abstract give it once.
            var best = group
                .Where(c => !chosen.Exists(x => Cosine(x.Vector, c.Vector) >= DuplicateSimilarity))
                .OrderByDescending(c => c.Score)
                .ThenBy(c => c.Position)
                .FirstOrDefault();
            if (best is not null)
            {
                chosen.Add(best);
            }
        }

        var sentences = new List<SummarySentence>();
        if (title is not null && chosen.Count >= 2 && Frame(items, chosen, title) is { } frame)
        {
            sentences.Add(frame);
        }

        foreach (var candidate in ReadingOrder(chosen).Take(MaxSentences - sentences.Count))
        {
            sentences.Add(Compose(items[candidate.ItemIndex], candidate));
        }

        return sentences;
    }

    /// <summary>Summarizes every section, in order, without framing sentences.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="sections"/> or one of its lists is null.</exception>
    public IReadOnlyList<IReadOnlyList<SummarySentence>> Summarize(IReadOnlyList<IReadOnlyList<SectionItem>> sections)
    {
        ArgumentNullException.ThrowIfNull(sections);
        return sections.Select(s => Summarize(s)).ToList();
    }

    /// <summary>
    /// A one-line description for an "other read": its key sentence standing alone (the first sentence when none
    /// does; the title when the summary is empty), at most the description length, cut at a word with "…".
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="item"/> is null.</exception>
    public string Describe(SectionItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var sentences = SentenceSplitter.Split(Head(item.Summary));
        var best = sentences
            .Take(MaxSentencesPerItem)
            .Select((text, position) => (Text: SentenceEditor.StandAlone(text), Position: position))
            .Where(s => s.Text is not null)
            // An other read's line follows its title, so the first sentence is not held back as background here.
            .OrderByDescending(s => SentenceEditor.Substance(s.Text!, position: -1))
            .ThenBy(s => s.Position)
            .Select(s => s.Text)
            .FirstOrDefault();
        var first = best ?? sentences.FirstOrDefault() ?? TextTokens.CollapseWhitespace(item.Title);
        if (first.StartsWith("We ", StringComparison.Ordinal))
        {
            // The line follows the item's title, so "We" would be nobody the reader has met.
            first = SentenceEditor.ThirdPerson("The authors" + first[2..]);
        }

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
            var fromTitle = sentences.Count == 0;
            if (fromTitle)
            {
                sentences = SentenceSplitter.Split(item.Title).Take(1).ToList();
            }

            var position = 0;
            var itemCandidates = new List<Candidate>();
            foreach (var sentence in sentences.Take(MaxSentencesPerItem))
            {
                // Duplicate items (the same abstract from two sources) must not yield the same sentence twice.
                if (seenTexts.Add(sentence))
                {
                    var standing = fromTitle ? sentence : SentenceEditor.StandAlone(sentence);
                    if (standing is not null)
                    {
                        itemCandidates.Add(new Candidate(standing, sentence, item.Id, index, position) { FromTitle = fromTitle });
                    }
                }

                position++;
            }

            // Fragments ("Code is available.") make poor summary lines; drop them when the item has better ones.
            var substantial = itemCandidates.Where(c => TextTokens.ContentKeys(c.Text).Count() >= 4).ToList();
            candidates.AddRange(substantial.Count > 0 ? substantial : itemCandidates);
        }

        return candidates;
    }

    /// <summary>The best item first, then each time the remaining item closest to the last one: related items together.</summary>
    private static List<Candidate> ReadingOrder(List<Candidate> chosen)
    {
        var remaining = chosen.OrderBy(c => c.ItemIndex).ToList();
        var ordered = new List<Candidate>(remaining.Count);
        var current = remaining[0];
        while (true)
        {
            ordered.Add(current);
            remaining.Remove(current);
            if (remaining.Count == 0)
            {
                return ordered;
            }

            var from = current;
            current = remaining
                .OrderByDescending(c => Cosine(from.Vector, c.Vector))
                .ThenBy(c => c.ItemIndex)
                .First();
        }
    }

    /// <summary>
    /// The item's sentence, naming it: in place when the sentence already says its system's name, else with a short
    /// frame that carries the name (and the source, when it is not arXiv).
    /// </summary>
    private SummarySentence Compose(SectionItem item, Candidate candidate)
    {
        var name = ItemName.FromTitle(item.Title);
        var org = Organisation(item);
        var quoted = name.IsSystem ? name.Text : $"\u201C{name.Text}\u201D";
        var text = candidate.Text;
        string composed;
        if (candidate.FromTitle)
        {
            // A story or post with no text of its own (a Hacker News link): its headline is all there is to say, and
            // "In “X”, x" would say it twice.
            quoted = $"\u201C{TextTokens.CollapseWhitespace(item.Title).TrimEnd('.')}\u201D";
            composed = $"Also worth reading: {quoted}.";
        }
        else if (name.IsSystem && ContainsWord(text, name.Text))
        {
            composed = org is not null && text.StartsWith(name.Text, StringComparison.Ordinal) ? $"{org}'s {text}" : text;
        }
        else if (SentenceEditor.OpensWithTheWork(text))
        {
            composed = SentenceEditor.ThirdPerson(SentenceEditor.ReplaceTheWork(text, quoted));
        }
        else if (text.StartsWith("We ", StringComparison.Ordinal) || text.StartsWith("Our ", StringComparison.Ordinal))
        {
            var who = org is null ? "the authors" : "the team at " + org;
            var rest = text.StartsWith("We ", StringComparison.Ordinal) ? who + text[2..] : who + "'" + (who.EndsWith('s') ? "" : "s") + text[3..];
            composed = $"In {quoted}, {SentenceEditor.ThirdPerson(rest)}";
        }
        else if (OpensWithAPhrase(text))
        {
            // "In a testbed of 60 devices, …" cannot follow "In “…”, ": the name leads and reports it.
            var rest = SentenceEditor.ThirdPerson(LowerFirst(text, item));
            composed = org is null ? $"{quoted} reports that {rest}" : $"In {quoted}, {org} reports that {rest}";
        }
        else
        {
            // "so we release …" later in the sentence: the reader has met no "we".
            var rest = SentenceEditor.ThirdPerson(LowerFirst(text, item));
            composed = org is null ? $"In {quoted}, {rest}" : $"As {org} reports in {quoted}, {rest}";
        }

        composed = TextTokens.Trim(composed, _maxSentenceLength);
        var named = candidate.FromTitle ? quoted.Trim('\u201C', '\u201D')
            : composed.Contains(name.Text, StringComparison.Ordinal) ? name.Text : null;
        return new SummarySentence(composed, item.Id) { Name = named, Quote = candidate.Text };
    }

    /// <summary>"Five papers and an article on dark matter halos: self-interacting dark matter, subhalos and fuzzy dark matter."</summary>
    private static SummarySentence? Frame(IReadOnlyList<SectionItem> items, List<Candidate> chosen, SectionTitle title)
    {
        var cited = chosen.Select(c => items[c.ItemIndex]).ToList();
        var papers = cited.Count(IsPaper);
        var others = cited.Count - papers;
        var counted = (papers, others) switch
        {
            (> 0, 0) => Count(papers, "paper", "papers"),
            (0, > 0) => Count(others, "piece", "pieces"),
            _ => Count(papers, "paper", "papers") + " and " + Count(others, "piece", "pieces", one: "one"),
        };
        // A title of one word ("LLMs in focus") frames as the word itself.
        var theme = InSentence(title.Title.EndsWith(" in focus", StringComparison.Ordinal) ? title.Title[..^9] : title.Title, items);
        var titleWords = Words(title.Title);
        var extras = new List<string>();
        foreach (var phrase in title.Keyphrases)
        {
            var words = Words(phrase);
            if (words.Count < 2 || words.Overlaps(titleWords) || extras.Exists(e => Words(e).Overlaps(words)))
            {
                continue;
            }

            extras.Add(phrase);
            if (extras.Count == 3)
            {
                break;
            }
        }

        counted = char.ToUpperInvariant(counted[0]) + counted[1..];
        var text = extras.Count switch
        {
            0 => $"{counted} on {theme}.",
            1 => $"{counted} on {theme}, with {extras[0]}.",
            _ => $"{counted} on {theme}: {string.Join(", ", extras.Take(extras.Count - 1))} and {extras[^1]}.",
        };
        return new SummarySentence(text, cited[0].Id) { ItemIds = cited.Select(i => i.Id).ToList(), Frames = true };
    }

    private static HashSet<string> Words(string phrase) =>
        TextTokens.ContentKeys(phrase).ToHashSet(StringComparer.Ordinal);

    /// <summary>"a paper", "an article", "one piece" (with <paramref name="one"/>), "five papers".</summary>
    private static string Count(int count, string singular, string plural, string? one = null) =>
        count == 1 ? (one ?? (StartsWithVowel(singular) ? "an" : "a")) + " " + singular : Number(count) + " " + plural;

    private static bool StartsWithVowel(string word) => word.Length > 0 && "aeiou".Contains(word[0], StringComparison.Ordinal);

    private static string Number(int count)
    {
        string[] words = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
        return count < words.Length ? words[count] : count.ToString(CultureInfo.InvariantCulture);
    }

    private static bool IsPaper(SectionItem item) =>
        (item.Link?.Contains("arxiv.org/", StringComparison.OrdinalIgnoreCase) ?? false)
        || (item.Source?.StartsWith("arXiv", StringComparison.OrdinalIgnoreCase) ?? false);

    /// <summary>"Google DeepMind" for "Google DeepMind Blog", "Nature" for "Nature News"; null for arXiv or no source.</summary>
    private static string? Organisation(SectionItem item)
    {
        if (IsPaper(item) || string.IsNullOrWhiteSpace(item.Source))
        {
            return null;
        }

        var name = item.Source.Trim();
        foreach (var suffix in new[] { " Blog", " News", " blog", " news", " Newsroom" })
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && name.Length > suffix.Length + 1)
            {
                return name[..^suffix.Length];
            }
        }

        return name;
    }

    private static bool ContainsWord(string text, string word)
    {
        for (var at = text.IndexOf(word, StringComparison.Ordinal); at >= 0; at = text.IndexOf(word, at + 1, StringComparison.Ordinal))
        {
            var before = at == 0 || !char.IsLetterOrDigit(text[at - 1]);
            var end = at + word.Length;
            var after = end == text.Length || !char.IsLetterOrDigit(text[end]);
            if (before && after)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A section title inside a sentence ("… on dark matter halos"): lower-case first letter unless its first word is an
    /// acronym, a mixed-case name, or a word the items capitalize inside their sentences ("Fano varieties").
    /// </summary>
    internal static string InSentence(string title, IReadOnlyList<SectionItem> items)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(items);
        return title.Length == 0 ? title : LowerFirst(title, new SectionItem(0, "", string.Join(" ", items.Select(i => i?.Summary ?? ""))));
    }

    /// <summary>
    /// The sentence's first letter in lower case, to follow "In “…”, ", unless its first word is an acronym, a name in
    /// mixed case, or a word the item writes capitalized elsewhere (a name: "Google", "LHCb").
    /// </summary>
    private static string LowerFirst(string text, SectionItem item)
    {
        var first = text.Split(' ', 2)[0];
        if ((first.Length < 2 && first != "A") || !char.IsUpper(first[0]) || first.Skip(1).Any(c => char.IsUpper(c) || char.IsDigit(c)))
        {
            return text;
        }

        // Titles are often in title case and every sentence starts with a capital: only a capital inside a sentence tells.
        var elsewhere = SentenceSplitter.Split(item.Summary)
            .SelectMany(s => s.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1))
            .Any(w => w.TrimEnd(',', '.', ';', ':').Equals(first, StringComparison.Ordinal));
        return elsewhere && !IsCommonWord(first) ? text : char.ToLowerInvariant(text[0]) + text[1..];
    }

    private static bool OpensWithAPhrase(string text) =>
        text.Split(' ', 2)[0] is "In" or "On" or "At" or "For" or "With" or "Using" or "Across" or "Over" or "By" or "From" or "Under"
            or "Among" or "After" or "Within" or "Without" or "Through" or "Unlike" or "Compared" or "Based" or "Despite" or "When" or "If";

    private static bool IsCommonWord(string word) => TextTokens.StopWords.Contains(word.ToLowerInvariant());

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

    private sealed class Candidate(string text, string original, long itemId, int itemIndex, int position)
    {
        /// <summary>The sentence standing alone (<see cref="SentenceEditor.StandAlone"/>).</summary>
        public string Text { get; } = text;

        /// <summary>The sentence as the item has it.</summary>
        public string Original { get; } = original;

        public long ItemId { get; } = itemId;

        public int ItemIndex { get; } = itemIndex;

        public int Position { get; } = position;

        /// <summary>The item had no summary, so this is its title: a headline, not a finding to frame.</summary>
        public bool FromTitle { get; init; }

        public Dictionary<string, double> Vector { get; set; } = [];

        public double Score { get; set; }
    }
}
