using System.Globalization;
using RoundupBot.Model;

namespace RoundupBot.Tests.TestSupport;

/// <summary>Issues made up for rendering and publishing tests (and the Discord benchmark): deterministic, realistic lengths.</summary>
public static class SampleDigests
{
    private static readonly string[] Emoji = ["💾", "👑", "🐞", "🧪", "🛰️", "🧬", "📐", "🎛️"];

    private static readonly string[] Words =
    [
        "language", "models", "benchmark", "retrieval", "training", "data", "scaling", "evaluation", "reasoning", "agents",
        "alignment", "tokens", "inference", "latency", "quantization", "sparse", "attention", "context", "window", "memory",
        "robustness", "hallucination", "citations", "open", "weights", "compute", "efficiency", "distillation", "synthetic",
        "curriculum", "multilingual", "vision", "speech", "protein", "structure", "chemistry", "safety", "red-teaming",
    ];

    /// <summary>
    /// An issue of <paramref name="sections"/> sections, each with <paramref name="sentences"/> sentences of about 25
    /// words, every sentence citing one of the section's <paramref name="itemsPerSection"/> items, and ten other reads.
    /// </summary>
    public static Digest Issue(int sections = 7, int sentences = 30, int itemsPerSection = 8)
    {
        var id = 1L;
        var list = new List<Section>();
        for (var s = 0; s < sections; s++)
        {
            var items = Enumerable.Range(0, itemsPerSection).Select(i => Item(id++, s, i)).ToList();
            var text = Enumerable.Range(0, sentences)
                .Select(n => new Sentence(SentenceText(s, n), [items[n % items.Count].Id]))
                .ToList();
            list.Add(new Section
            {
                Emoji = Emoji[s % Emoji.Length],
                Title = string.Create(CultureInfo.InvariantCulture, $"Theme {s + 1}: {Words[s % Words.Length]} and {Words[(s * 7 + 3) % Words.Length]}"),
                Items = items,
                Sentences = text,
            });
        }

        return new Digest
        {
            Number = 5,
            Title = "Some interesting things to start the week #5",
            PeriodStart = new DateTimeOffset(2026, 11, 16, 8, 0, 0, TimeSpan.Zero),
            PeriodEnd = new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero),
            Intro = "A week of small models, new benchmark leaders and hard questions about hallucination. " + SentenceText(99, 1),
            Sections = list,
            OtherReads = Enumerable.Range(0, 10).Select(i => Item(id++, 50, i) with { Description = SentenceText(50, i) }).ToList(),
            Run = new DigestRun { Engine = "embedded" },
        };
    }

    private static DigestItem Item(long id, int section, int index) => new()
    {
        Id = id,
        Title = string.Create(CultureInfo.InvariantCulture, $"Paper {section + 1}.{index + 1}: {Words[(section + index) % Words.Length]} for {Words[(section * 3 + index * 5) % Words.Length]} at scale"),
        Link = string.Create(CultureInfo.InvariantCulture, $"https://arxiv.org/abs/2611.{10000 + id:00000}"),
        Source = index % 2 == 0 ? "arXiv cs.CL" : "A research blog",
    };

    private static string SentenceText(int section, int n)
    {
        var words = Enumerable.Range(0, 25).Select(i => Words[(section * 31 + n * 17 + i * 7) % Words.Length]);
        var text = string.Join(' ', words);
        return char.ToUpperInvariant(text[0]) + text[1..] + ".";
    }
}
