using System.Globalization;

namespace RoundupBot.Summarization.Embedded;

/// <summary>
/// Titles the sections of one issue from their distinctive keyphrases: class-based TF-IDF of each section
/// against the others, over one-, two- and three-word phrases that neither start nor end with a stop word
/// and contain no boilerplate ("we propose", "novel", "results").
/// </summary>
/// <remarks>
/// Deterministic: the same sections in the same order give the same titles. Titles are unique within one
/// call, so call it once with all sections of an issue. Never throws for odd text; a section with no usable
/// words gets a neutral title such as "Other news".
/// </remarks>
public sealed class SectionTitler
{
    private const int MaxTitleWords = 6;

    // Longer phrases read better as titles and are rarer, so they get a boost to compete with single words.
    private static readonly double[] LengthBoost = [0, 1.0, 2.0, 2.3];

    private static readonly string[] EmptyTitles = ["Other news", "More to read", "Further reading", "Also this week"];

    private readonly int _keyphraseCount;

    /// <summary>Creates a titler.</summary>
    /// <param name="keyphraseCount">How many keyphrases to return per section. <value>Default 10.</value></param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="keyphraseCount"/> is less than 1.</exception>
    public SectionTitler(int keyphraseCount = 10)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keyphraseCount, 1);
        _keyphraseCount = keyphraseCount;
    }

    /// <summary>Titles every section; the result has one entry per section, in the same order.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="sections"/> or one of its lists is null.</exception>
    public IReadOnlyList<SectionTitle> Title(IReadOnlyList<IReadOnlyList<SectionItem>> sections)
    {
        ArgumentNullException.ThrowIfNull(sections);
        foreach (var section in sections)
        {
            ArgumentNullException.ThrowIfNull(section, nameof(sections));
        }

        var counts = sections.Select(CountPhrases).ToList();
        var totals = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var section in counts)
        {
            foreach (var (key, stats) in section.Phrases)
            {
                totals[key] = totals.GetValueOrDefault(key) + stats.Items;
            }
        }

        var averageItems = sections.Count == 0 ? 1.0 : Math.Max(1.0, sections.Average(s => (double)s.Count));
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var result = new List<SectionTitle>(sections.Count);
        foreach (var section in counts)
        {
            var ranked = Rank(section, totals, averageItems, minItems: null);
            var title = ChooseTitle(ranked, Rank(section, totals, averageItems, minItems: 1), used);
            used.Add(title);
            result.Add(new SectionTitle(title, ranked.Take(_keyphraseCount).Select(p => p.Display).ToList()));
        }

        return result;
    }

    /// <summary>Titles clusters of stored items.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="sections"/> or one of its lists is null.</exception>
    public IReadOnlyList<SectionTitle> Title(IReadOnlyList<IReadOnlyList<RoundupBot.Model.Item>> sections) =>
        Title(SectionItem.FromSections(sections));

    private static SectionCounts CountPhrases(IReadOnlyList<SectionItem> items)
    {
        var phrases = new Dictionary<string, PhraseStats>(StringComparer.Ordinal);
        var proper = ProperWords(items);
        for (var itemIndex = 0; itemIndex < items.Count; itemIndex++)
        {
            var item = items[itemIndex];
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var inTitle = PhraseKeys(item.Title);
            foreach (var segment in TextTokens.Segments(item.FullText))
            {
                for (var start = 0; start < segment.Count; start++)
                {
                    for (var length = 1; length <= 3 && start + length <= segment.Count; length++)
                    {
                        if (!IsPhrase(segment, start, length))
                        {
                            continue;
                        }

                        var key = string.Join(' ', segment.Skip(start).Take(length).Select(t => t.Key));
                        if (!phrases.TryGetValue(key, out var stats))
                        {
                            stats = new PhraseStats(length, proper);
                            phrases.Add(key, stats);
                        }

                        stats.AddSurface(string.Join(' ', segment.Skip(start).Take(length).Select(t => t.Surface)));
                        if (seen.Add(key))
                        {
                            stats.Items++;
                            stats.ItemSet.Add(itemIndex);
                            stats.TitleItems += inTitle.Contains(key) ? 1 : 0;
                        }
                    }
                }
            }
        }

        return new SectionCounts(items.Count, phrases);
    }

    /// <summary>
    /// Words an item writes with a capital inside a sentence of its summary ("Fano", "K3", "Uchuu"): names, kept in their
    /// casing in titles. Title-case titles and sentence starts say nothing, so they do not count.
    /// </summary>
    private static HashSet<string> ProperWords(IReadOnlyList<SectionItem> items)
    {
        var proper = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            foreach (var sentence in SentenceSplitter.Split(item?.Summary))
            {
                foreach (var word in sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1))
                {
                    var trimmed = word.Trim(',', '.', ';', ':', '(', ')', '"', '\u201C', '\u201D');
                    if (trimmed.Length > 1 && char.IsUpper(trimmed[0]))
                    {
                        proper.Add(trimmed);
                    }
                }
            }
        }

        return proper;
    }

    // Past participles without "-ed" end a clause too ("quantum computers built", "models made"); the common ones.
    private static readonly HashSet<string> IrregularParticiples = new(StringComparer.Ordinal)
    {
        "built", "made", "done", "shown", "known", "found", "given", "taken", "seen", "held", "led", "put",
        "kept", "left", "lost", "meant", "brought", "bought", "caught", "taught", "thought", "sought", "written",
        "driven", "chosen", "grown", "drawn", "begun", "won", "told", "sold", "sent", "spent", "paid", "laid",
        "heard", "met", "felt", "dealt", "hidden", "broken", "frozen", "spoken", "stolen", "worn", "torn",
        "sworn", "borne", "born", "thrown", "flown", "blown", "fallen", "risen", "ridden", "eaten", "forgotten",
    };

    private static readonly string[] AdjectiveEndings = ["ed", "al", "ic", "ive", "ous", "ly", "ful", "less", "able", "ible"];

    private static readonly string[] VerbOrAdjectiveEndings = ["ing", "ed", "al", "ic", "ive", "ous", "ly", "ful", "less", "able", "ible"];

    private static bool LooksLikeVerbOrAdjective(string word) =>
        word.Length > 4 && VerbOrAdjectiveEndings.Any(ending => word.EndsWith(ending, StringComparison.Ordinal));

    private static HashSet<string> PhraseKeys(string? text)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var segment in TextTokens.Segments(text ?? ""))
        {
            for (var start = 0; start < segment.Count; start++)
            {
                for (var length = 1; length <= 3 && start + length <= segment.Count; length++)
                {
                    keys.Add(string.Join(' ', segment.Skip(start).Take(length).Select(t => t.Key)));
                }
            }
        }

        return keys;
    }

    private static bool IsPhrase(List<Token> segment, int start, int length)
    {
        var first = segment[start].Key;
        var last = segment[start + length - 1].Key;
        if (TextTokens.IsExcluded(first) || TextTokens.IsExcluded(last) || TextTokens.Generic.Contains(first))
        {
            return false;
        }

        // "isn't", "don't": a clause, not a theme.
        for (var k = start; k < start + length; k++)
        {
            if (segment[k].Key.EndsWith("n't", StringComparison.Ordinal))
            {
                return false;
            }
        }

        if (length == 3)
        {
            var middle = segment[start + 1].Key;
            if (TextTokens.Boilerplate.Contains(middle)
                || (TextTokens.StopWords.Contains(middle) && !TextTokens.PhraseJoiners.Contains(middle)))
            {
                return false;
            }
        }

        // A lone verb form or adjective ("predicting", "molecular", "robust") names no theme; inside a longer phrase
        // it does ("molecular dynamics"). A cheap suffix test stands in for a part-of-speech tagger.
        if (length == 1)
        {
            return !LooksLikeVerbOrAdjective(first);
        }

        // A noun phrase ends in a noun: "LLMs on legal" and "models trained" are cut-off clauses. Gerunds stay ("fog
        // computing", "machine learning").
        if ((last.Length > 4 && AdjectiveEndings.Any(ending => last.EndsWith(ending, StringComparison.Ordinal)))
            || IrregularParticiples.Contains(last))
        {
            return false;
        }

        // A phrase of one word twice ("data data") is a typo, not a theme.
        return first != last;
    }

    // minItems: the fewest items a phrase must be in; null for the default (2 in a section of 3 or more).
    private static List<RankedPhrase> Rank(SectionCounts section, Dictionary<string, int> totals, double averageItems, int? minItems)
    {
        // A phrase in a single item of a bigger section is an accident of wording, not the section's theme.
        minItems ??= section.ItemCount >= 3 ? 2 : 1;
        var ranked = new List<RankedPhrase>();
        foreach (var (key, stats) in section.Phrases)
        {
            if (stats.Items < minItems)
            {
                continue;
            }

            // c-TF-IDF: the share of this section's items with the phrase, against how common it is overall.
            var frequency = (double)stats.Items / section.ItemCount;
            var idf = Math.Log(1 + averageItems / totals[key]);
            // Titles name what a piece is about; abstracts also carry verbs and side remarks ("produce", "common
            // error"), so a phrase that items use in their titles is a better section name.
            var titleShare = (double)stats.TitleItems / stats.Items;
            var score = frequency * idf * LengthBoost[stats.Length] * (1 + 2 * titleShare);
            ranked.Add(new RankedPhrase(key, stats.Display(), stats.Length, score, stats.ItemSet));
        }

        ranked.Sort(static (a, b) =>
        {
            var byScore = b.Score.CompareTo(a.Score);
            return byScore != 0 ? byScore : string.CompareOrdinal(a.Key, b.Key);
        });
        return ranked;
    }

    /// <param name="ranked">The section's phrases, best first.</param>
    /// <param name="loose">The same with phrases of a single item, to turn a one-word theme into a phrase ("quantum" → "quantum error correction").</param>
    /// <param name="used">Titles other sections already have.</param>
    private static string ChooseTitle(List<RankedPhrase> ranked, List<RankedPhrase> loose, HashSet<string> used)
    {
        var top = ranked.Take(25).ToList();
        var primaries = new List<RankedPhrase>();
        foreach (var phrase in top.Take(6))
        {
            var expanded = Expand(phrase, top);
            if (!primaries.Any(p => p.Key == expanded.Key))
            {
                primaries.Add(expanded);
            }
        }

        foreach (var primary in primaries)
        {
            foreach (var candidate in TitleCandidates(primary, top, loose))
            {
                if (!used.Contains(candidate))
                {
                    return candidate;
                }
            }
        }

        var fallback = primaries.Count > 0 ? TitleCandidates(primaries[0], top, loose).First() : EmptyTitles[0];
        foreach (var empty in EmptyTitles.Prepend(fallback))
        {
            if (!used.Contains(empty))
            {
                return empty;
            }
        }

        for (var part = 2; ; part++)
        {
            var numbered = string.Create(CultureInfo.InvariantCulture, $"{fallback}, part {part}");
            if (!used.Contains(numbered))
            {
                return numbered;
            }
        }
    }

    /// <summary>Titles built around <paramref name="primary"/>, best first.</summary>
    private static IEnumerable<string> TitleCandidates(RankedPhrase primary, List<RankedPhrase> top, List<RankedPhrase> loose)
    {
        var room = MaxTitleWords - primary.Length - 1;
        // "X and Y" only when the section holds two topics: Y is a theme of its own (a phrase, or an acronym such as
        // "IoT"), strong enough, and mostly in items that do not speak of X.
        var partners = top
            .Where(p => p != primary && p.Length <= room && !Overlaps(p, primary)
                && (p.Length >= 2 || p.Display.Any(char.IsUpper))
                && p.Score >= primary.Score * 0.35
                && p.Items.Count(primary.Items.Contains) * 2 <= p.Items.Count)
            .OrderBy(p => p.Length == 1 ? 1 : 0)
            .Take(2)
            .ToList();
        foreach (var partner in partners)
        {
            yield return TextTokens.Capitalize($"{primary.Display} and {partner.Display}");
        }

        if (primary.Length >= 2)
        {
            yield return TextTokens.Capitalize(primary.Display);
        }

        // A lone word names a theme badly: the phrase that holds it in most items ("quantum" → "quantum computers"),
        // else the section's best phrase, else the word and its strongest partner.
        var holding = loose
            .Where(p => p.Length >= 2 && ContainsWords(p.Key, primary.Key))
            .OrderByDescending(p => p.Items.Count)
            .ThenByDescending(p => p.Score)
            .ThenBy(p => p.Key, StringComparer.Ordinal);
        foreach (var phrase in holding.Concat(top.Where(p => p.Length >= 2)).Take(4))
        {
            yield return TextTokens.Capitalize(phrase.Display);
        }

        foreach (var partner in top.Where(p => p != primary && p.Length == 1 && !Overlaps(p, primary)).Take(2))
        {
            yield return TextTokens.Capitalize($"{primary.Display} and {partner.Display}");
        }

        yield return TextTokens.Capitalize($"{primary.Display} in focus");
    }

    /// <summary>A longer phrase that contains <paramref name="phrase"/> and is nearly as distinctive reads better.</summary>
    private static RankedPhrase Expand(RankedPhrase phrase, List<RankedPhrase> top)
    {
        // top is sorted best first, so the first match is the most distinctive longer phrase.
        return top.FirstOrDefault(longer =>
                longer.Length > phrase.Length
                && longer.Score >= phrase.Score * 0.7
                && ContainsWords(longer.Key, phrase.Key))
            ?? phrase;
    }

    private static bool ContainsWords(string longer, string shorter) =>
        (" " + longer + " ").Contains(" " + shorter + " ", StringComparison.Ordinal);

    private static bool Overlaps(RankedPhrase a, RankedPhrase b)
    {
        var separators = new[] { ' ', '-' };
        var words = b.Key.Split(separators, StringSplitOptions.RemoveEmptyEntries);
        foreach (var word in a.Key.Split(separators, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var other in words)
            {
                // "robot" and "robotics", "genome" and "genomic": one stem, one theme.
                var prefix = Math.Min(5, Math.Min(word.Length, other.Length));
                if (word == other || (prefix >= 5 && string.CompareOrdinal(word, 0, other, 0, prefix) == 0))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private sealed record SectionCounts(int ItemCount, Dictionary<string, PhraseStats> Phrases);

    private sealed record RankedPhrase(string Key, string Display, int Length, double Score, IReadOnlySet<int> Items);

    private sealed class PhraseStats(int length, HashSet<string> proper)
    {
        /// <summary>The indexes of the section's items that hold the phrase.</summary>
        public HashSet<int> ItemSet { get; } = [];

        private readonly Dictionary<string, int> _surfaces = new(StringComparer.Ordinal);

        public int Length { get; } = length;

        public int Items { get; set; }

        /// <summary>Items whose title holds the phrase.</summary>
        public int TitleItems { get; set; }

        public void AddSurface(string surface) => _surfaces[surface] = _surfaces.GetValueOrDefault(surface) + 1;

        /// <summary>
        /// The most common spelling, lower-cased word by word unless a word is an acronym or a name in
        /// mixed case ("LLM", "AlphaFold", "GPT-4").
        /// </summary>
        public string Display()
        {
            var surface = _surfaces
                .OrderByDescending(p => p.Value)
                .ThenBy(p => p.Key, StringComparer.Ordinal)
                .First().Key;
            return string.Join(' ', surface.Split(' ').Select(KeepCase));
        }

        private string KeepCase(string word) =>
            proper.Contains(word) || word.Any(char.IsDigit) || word.Split('-').Any(part => part.Skip(1).Any(char.IsUpper))
                ? word
                : word.ToLowerInvariant();
    }
}
