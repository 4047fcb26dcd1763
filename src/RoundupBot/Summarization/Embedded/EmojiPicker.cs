namespace RoundupBot.Summarization.Embedded;

/// <summary>
/// Gives each section of an issue exactly one emoji, never the same one twice in the issue.
/// </summary>
/// <remarks>
/// Each section is scored against every theme of the curated lexicon (research themes) by keyword matches in its
/// keyphrases (weighted by rank) and in its items' text, refined by the similarity of its title and keyphrases to the
/// emoji's names and keywords in the emojilib dataset shipped with the program (<see cref="EmojiDataset"/>). Pairs are then assigned globally, the highest-scoring section–emoji pair
/// first, so a clearly quantum section gets ⚛️ even if another section also mentions qubits. Sections that
/// match no free theme get the next unused fallback emoji. Deterministic: ties go to the earlier section and
/// the earlier theme of the lexicon. A section no curated theme fits takes the dataset emoji that shares at least two
/// of its words, and only then a neutral fallback (📌, 🔎, …): never an emoji whose meaning is unrelated.
/// </remarks>
public sealed class EmojiPicker
{
    /// <summary>Used, in order, for sections that match no theme that is still free.</summary>
    public static readonly IReadOnlyList<string> FallbackEmojis =
        ["📌", "🔎", "✨", "🧪", "📰", "💡", "🧩", "🔭", "🌟", "📎", "🗂️", "🎯"];

    /// <summary>The default lexicon of research and news themes.</summary>
    public static readonly IReadOnlyList<EmojiTheme> DefaultLexicon =
    [
        new("⚛️", "quantum", ["quantum", "qubit*", "entangle*", "superconducting qubit", "error correction", "surface code", "fault-tolerant", "fault tolerance", "decoherence", "trapped ion", "photonic", "annealing", "variational quantum", "logical qubit"]),
        new("🧬", "biology", ["protein*", "genom*", "gene", "genetic*", "dna", "rna", "cell", "single-cell", "molecul*", "biolog*", "enzyme*", "sequenc*", "antibod*", "crispr", "bioinformatic*", "evolution*", "microb*"]),
        new("💊", "medicine", ["clinical", "clinic*", "patient*", "hospital*", "medic*", "drug*", "disease*", "diagnos*", "health*", "radiolog*", "cancer", "tumor*", "tumour*", "ehr", "therap*", "surgery", "surgical", "pathology"]),
        new("🏥", "clinical care", ["clinical", "clinic*", "patient*", "hospital*", "icu", "intensive care", "ehr", "electronic health", "mortality", "sepsis", "discharge", "radiolog*", "surgery", "surgical", "nurse*", "physician*"]),
        new("🤖", "robots and agents", ["robot*", "manipulat*", "locomotion", "grasp*", "humanoid*", "quadruped*", "embodied", "sim-to-real", "gripper", "legged", "teleoperat*", "autonomous driving", "drone*", "dexterous", "agent*", "multi-agent", "computer-use", "tool use", "web navigation", "desktop"]),
        new("🦾", "robotics", ["robot*", "manipulat*", "locomotion", "grasp*", "humanoid*", "quadruped*", "gripper", "legged", "dexterous", "actuator*", "prosthe*"]),
        new("🖼️", "vision", ["image*", "video*", "vision", "visual", "segmentation", "pixel*", "object detection", "detection", "3d", "camera*", "depth", "point cloud", "scene*", "optical flow", "recognition", "vit"]),
        new("🌍", "climate", ["climate", "weather", "forecast*", "earth", "precipitation", "rainfall", "satellite*", "remote sensing", "ocean*", "atmospher*", "carbon", "emission*", "wildfire*", "flood*", "drought*", "sea ice", "land cover", "reanalysis", "era5"]),
        new("🧠", "reasoning", ["reasoning", "chain-of-thought", "chain of thought", "thought", "llm*", "prompt*", "in-context", "inference-time", "test-time", "logic*", "planning", "reflection", "self-consistency", "verifier*", "language model"]),
        new("💾", "data", ["dataset*", "data", "corpus", "corpora", "synthetic data", "annotation*", "curation", "deduplication", "tokens", "data wall", "web data", "pretraining data"]),
        new("👑", "benchmarks", ["benchmark*", "leaderboard*", "state-of-the-art", "sota", "mmlu", "top score", "ranking", "arena", "record"]),
        new("🐞", "errors", ["bug*", "hallucinat*", "error", "errors", "failure*", "mistake*", "faithfulness", "factual*", "misinformation", "debug*", "flaw*"]),
        new("🧮", "mathematics", ["math*", "theorem*", "proof*", "lean", "olympiad", "algebra*", "arithmetic", "combinator*", "formal verification", "conjecture*", "cap set*", "bin-packing"]),
        new("📐", "geometry", ["geometry", "geometric", "variet*", "surfaces", "manifold*", "curves", "moduli", "algebraic geometry", "fano", "topolog*", "fourfold*", "threefold*", "birational", "singularit*", "kodaira"]),
        new("🌌", "astronomy", ["dark matter", "galax*", "cosmolog*", "halo*", "subhalo*", "lensing", "stellar", "exoplanet*", "black hole*", "supernova*", "telescope*", "astrophysic*", "universe", "cosmic", "lyman", "n-body"]),
        new("💥", "particle physics", ["collider*", "lhc", "lhcb", "atlas", "boson*", "quark*", "hadron*", "baryon*", "meson*", "lepton*", "muon*", "qcd", "higgs", "standard model", "axion*", "particle physics", "flavour", "flavor", "neutrino*"]),
        new("📡", "networks", ["iot", "internet of things", "fog", "edge computing", "network*", "wireless", "sensor*", "5g", "6g", "lorawan", "gateway*", "offloading", "serverless", "bandwidth", "protocol*", "routing"]),
        new("🛡️", "safety", ["safety", "safe", "security", "secure", "alignment", "aligned", "privacy", "private", "jailbreak*", "adversarial", "attack*", "red-teaming", "red teaming", "robustness", "backdoor*", "watermark*", "rlhf"]),
        new("🗣️", "speech", ["speech", "audio", "voice*", "speaker*", "asr", "text-to-speech", "tts", "acoustic", "music", "sound*", "spoken"]),
        new("📈", "scaling", ["scaling", "scaling law*", "compute", "training efficiency", "efficient training", "flop*", "throughput", "distillation", "quantization", "sparse", "mixture-of-experts", "mixture of experts", "parameter-efficient", "pretraining", "latency"]),
        new("⚡", "energy", ["energy", "power", "grid", "battery", "batteries", "solar", "wind", "electricity", "renewable*", "hardware", "chip*", "gpu*", "accelerator*", "semiconductor*", "datacenter*", "data center*"]),
        new("📚", "education", ["education*", "student*", "teach*", "learner*", "tutor*", "classroom*", "textbook*", "translation", "multilingual", "low-resource", "linguistic*", "reading", "writing", "summarization"]),
        new("💻", "code", ["code", "coding", "software", "program*", "compiler*", "repositor*", "github", "developer*", "api", "bug fix*", "swe-bench"]),
        new("🎨", "generative art", ["diffusion", "generative", "text-to-image", "artwork*", "artist*", "style transfer", "creative", "stable diffusion", "image generation", "gan"]),
        new("🔬", "science", ["science", "scientific", "physic*", "chemistr*", "material*", "simulation*", "experiment", "laboratory", "discovery", "particle*", "astronom*", "fluid*"]),
        new("💰", "economics", ["econom*", "business*", "market*", "price*", "pricing", "finance", "financial", "invest*", "startup*", "revenue", "funding", "cost*", "labor", "labour", "job*"]),
        new("⚖️", "policy", ["policy", "policies", "law*", "legal", "regulat*", "govern*", "copyright", "court*", "legislation", "compliance", "act", "ethic*"]),
    ];

    private readonly List<CompiledTheme> _themes;

    /// <summary>Creates a picker.</summary>
    /// <param name="lexicon">The themes to choose from, in tie-breaking order. <value>Default <see cref="DefaultLexicon"/>.</value></param>
    public EmojiPicker(IReadOnlyList<EmojiTheme>? lexicon = null)
    {
        _themes = (lexicon ?? DefaultLexicon).Select(CompiledTheme.Compile).ToList();
    }

    /// <summary>
    /// Picks one emoji per section, in section order. <paramref name="titles"/> supplies each section's
    /// keyphrases (from <see cref="SectionTitler"/>), index for index.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument or one of its lists is null.</exception>
    /// <exception cref="ArgumentException">
    /// The two lists differ in length, or there are more sections than the lexicon and fallback list have
    /// distinct emojis (over 30; an issue has 4–7).
    /// </exception>
    public IReadOnlyList<string> Pick(IReadOnlyList<IReadOnlyList<SectionItem>> sections, IReadOnlyList<SectionTitle> titles)
    {
        ArgumentNullException.ThrowIfNull(sections);
        ArgumentNullException.ThrowIfNull(titles);
        if (sections.Count != titles.Count)
        {
            throw new ArgumentException($"Got {sections.Count} sections but {titles.Count} titles; pass one title per section.", nameof(titles));
        }

        var available = _themes.Select(t => t.Emoji).Concat(FallbackEmojis).Distinct(StringComparer.Ordinal).Count();
        if (sections.Count > available)
        {
            throw new ArgumentException($"Got {sections.Count} sections but only {available} distinct emojis to give.", nameof(sections));
        }

        var pairs = new List<(double Score, int Section, int Theme)>();
        var datasetPairs = new List<(double Score, int Section, string Emoji)>();
        for (var s = 0; s < sections.Count; s++)
        {
            ArgumentNullException.ThrowIfNull(sections[s], nameof(sections));
            var keyphrases = titles[s]?.Keyphrases ?? [];
            var itemWords = sections[s].Select(i => Words.From(i.FullText)).ToList();
            var phraseWords = keyphrases.Select(Words.From).ToList();
            var titleWords = Words.From(titles[s]?.Title ?? "");
            for (var t = 0; t < _themes.Count; t++)
            {
                var score = Score(_themes[t], phraseWords, itemWords);
                if (score > 0)
                {
                    // The dataset's names and keywords for the emoji refine the curated match ("galaxy" for 🌌).
                    pairs.Add((score + DatasetScore(EmojiDataset.KeysOf(_themes[t].Emoji), titleWords, phraseWords).Score, s, t));
                }
            }

            foreach (var (emoji, keys) in EmojiDataset.All)
            {
                var (score, words) = DatasetScore(keys, titleWords, phraseWords);
                // An emoji outside the curated list must match two of the section's words: one shared word is too often an
                // accident of wording ("fog" computing is not 🌫️).
                if (words >= 2)
                {
                    datasetPairs.Add((score, s, emoji));
                }
            }
        }

        pairs.Sort(static (a, b) =>
        {
            var byScore = b.Score.CompareTo(a.Score);
            if (byScore != 0)
            {
                return byScore;
            }

            var bySection = a.Section.CompareTo(b.Section);
            return bySection != 0 ? bySection : a.Theme.CompareTo(b.Theme);
        });

        var result = new string?[sections.Count];
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, section, theme) in pairs)
        {
            var emoji = _themes[theme].Emoji;
            if (result[section] is null && !taken.Contains(emoji))
            {
                result[section] = emoji;
                taken.Add(emoji);
            }
        }

        // Sections no curated theme fits take the dataset emoji that shares most of their words, if any does.
        datasetPairs.Sort(static (a, b) =>
        {
            var byScore = b.Score.CompareTo(a.Score);
            if (byScore != 0)
            {
                return byScore;
            }

            var bySection = a.Section.CompareTo(b.Section);
            return bySection != 0 ? bySection : string.CompareOrdinal(a.Emoji, b.Emoji);
        });
        foreach (var (_, section, emoji) in datasetPairs)
        {
            if (result[section] is null && !taken.Contains(emoji))
            {
                result[section] = emoji;
                taken.Add(emoji);
            }
        }

        var fallbacks = FallbackEmojis.Concat(_themes.Select(t => t.Emoji)).Where(e => !taken.Contains(e)).Distinct(StringComparer.Ordinal);
        using var next = fallbacks.GetEnumerator();
        for (var s = 0; s < result.Length; s++)
        {
            if (result[s] is null && next.MoveNext())
            {
                result[s] = next.Current;
            }
        }

        return result.Select(e => e!).ToList();
    }

    /// <summary>Titles the sections and picks their emojis in one go.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="sections"/> or one of its lists is null.</exception>
    public IReadOnlyList<string> Pick(IReadOnlyList<IReadOnlyList<SectionItem>> sections) =>
        Pick(sections, new SectionTitler().Title(sections));

    /// <summary>
    /// Keyphrases count most (a theme in a section's distinctive phrases is its theme); the share of items
    /// that mention the theme separates a section about it from one that touches it once.
    /// </summary>
    private static double Score(CompiledTheme theme, List<Words> keyphrases, List<Words> items)
    {
        var phraseScore = 0.0;
        for (var rank = 0; rank < keyphrases.Count; rank++)
        {
            if (theme.Matches(keyphrases[rank]))
            {
                phraseScore += 1.0 / (1 + (0.3 * rank));
            }
        }

        var coverage = items.Count == 0 ? 0 : items.Count(theme.Matches) / (double)items.Count;
        return phraseScore + (2 * coverage);
    }

    /// <summary>
    /// How well an emoji's dataset keywords match the section: each keyphrase holding one of them counts by rank, the
    /// title counts double; also how many distinct section words matched.
    /// </summary>
    private static (double Score, int Words) DatasetScore(System.Collections.Frozen.FrozenSet<string> keys, Words title, List<Words> keyphrases)
    {
        if (keys.Count == 0)
        {
            return (0, 0);
        }

        var matched = new HashSet<string>(StringComparer.Ordinal);
        var score = 0.0;
        foreach (var key in title.Keys.Where(keys.Contains))
        {
            matched.Add(key);
            score += 0.5;
        }

        for (var rank = 0; rank < keyphrases.Count; rank++)
        {
            var hits = keyphrases[rank].Keys.Where(keys.Contains).ToList();
            if (hits.Count > 0)
            {
                matched.UnionWith(hits);
                score += 0.25 / (1 + (0.3 * rank));
            }
        }

        return (score, matched.Count);
    }

    /// <summary>The word keys and adjacent pairs of one text.</summary>
    private sealed class Words
    {
        public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Pairs { get; } = new(StringComparer.Ordinal);

        public static Words From(string text)
        {
            var words = new Words();
            foreach (var segment in TextTokens.Segments(text))
            {
                for (var i = 0; i < segment.Count; i++)
                {
                    words.Keys.Add(segment[i].Key);
                    if (i + 1 < segment.Count)
                    {
                        words.Pairs.Add(segment[i].Key + " " + segment[i + 1].Key);
                    }
                }
            }

            return words;
        }
    }

    private sealed class CompiledTheme
    {
        private readonly List<string> _exact = [];
        private readonly List<string> _prefixes = [];
        private readonly List<string> _pairs = [];

        public required string Emoji { get; init; }

        public static CompiledTheme Compile(EmojiTheme theme)
        {
            ArgumentNullException.ThrowIfNull(theme);
            var compiled = new CompiledTheme { Emoji = theme.Emoji };
            foreach (var keyword in theme.Keywords)
            {
                var trimmed = keyword.Trim().ToLowerInvariant();
                if (trimmed.EndsWith('*'))
                {
                    compiled._prefixes.Add(trimmed.TrimEnd('*'));
                    continue;
                }

                var keys = TextTokens.Segments(trimmed).SelectMany(s => s).Select(t => t.Key).ToList();
                if (keys.Count == 1)
                {
                    compiled._exact.Add(keys[0]);
                }
                else if (keys.Count > 1)
                {
                    // Longer keywords are matched on their first two words; enough to tell the theme.
                    compiled._pairs.Add(keys[0] + " " + keys[1]);
                }
            }

            return compiled;
        }

        public bool Matches(Words words) =>
            _exact.Exists(words.Keys.Contains)
            || _pairs.Exists(words.Pairs.Contains)
            || _prefixes.Exists(p => words.Keys.Any(k => k.StartsWith(p, StringComparison.Ordinal)));
    }
}
