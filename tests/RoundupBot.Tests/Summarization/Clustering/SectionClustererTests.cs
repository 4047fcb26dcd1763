using RoundupBot.Summarization.Clustering;
using RoundupBot.Summarization.Embedding;
using RoundupBot.Tests.Summarization.Embedded;
using RoundupBot.Tests.Summarization.Embedding;
using Xunit.Abstractions;

namespace RoundupBot.Tests.Summarization.Clustering;

public sealed class SectionClustererTests(ITestOutputHelper output)
{
    private static readonly Lazy<float[][]> EvaluationVectors = new(() => SharedEmbedder.Instance.Embed(
        EvaluationSet.Items.Select(i => EmbeddingText.For(i.Title, i.Summary)).ToList(), CancellationToken.None));

    [Fact]
    public void Sections_of_the_labelled_set_agree_with_its_labels()
    {
        var items = EvaluationSet.Items;
        var vectors = EvaluationVectors.Value;

        var clusters = SectionClusterer.Cluster(vectors, Enumerable.Repeat(1.0, items.Count).ToList(), minSections: 4, maxSections: 7);

        var placed = clusters.Sections.SelectMany((members, section) => members.Select(i => (Section: section, items[i].Label))).ToList();
        var nmi = NormalizedMutualInformation(placed.Select(p => p.Section).ToList(), placed.Select(p => p.Label).ToList());
        foreach (var (members, index) in clusters.Sections.Select((m, i) => (m, i)))
        {
            output.WriteLine($"section {index}: {members.Count} items: " + string.Join(", ", members.GroupBy(i => items[i].Label).Select(g => $"{g.Key} {g.Count()}")));
        }

        output.WriteLine($"NMI {nmi:F3}, placed {placed.Count}/{items.Count}, stragglers {clusters.Stragglers.Count}");
        Assert.InRange(clusters.Sections.Count, 4, 7);
        Assert.True(nmi >= 0.6, $"NMI {nmi:F3} is below 0.6");
        Assert.True(placed.Count >= items.Count * 0.8, $"only {placed.Count} of {items.Count} items were placed in sections");
        Assert.All(clusters.Sections, members =>
        {
            // The labels that make up the majority of a section: at most two.
            var counts = members.GroupBy(i => items[i].Label).Select(g => g.Count()).OrderByDescending(c => c).ToList();
            var majority = 0;
            var labels = 0;
            foreach (var count in counts)
            {
                majority += count;
                labels++;
                if (majority * 2 > members.Count)
                {
                    break;
                }
            }

            Assert.True(labels <= 2, $"a section of {members.Count} needs {labels} labels for its majority");
        });
    }

    [Fact]
    public void Items_of_unrelated_topics_are_not_forced_into_one_section()
    {
        var texts = new[]
        {
            "Qubit error correction with surface codes reaches a logical error rate below threshold.",
            "Surface code decoders for superconducting qubits run in real time.",
            "A sourdough bread recipe with a long cold fermentation.",
            "Marathon training plans for beginners over sixteen weeks.",
        };
        var vectors = SharedEmbedder.Instance.Embed(texts, CancellationToken.None);

        var clusters = SectionClusterer.Cluster(vectors, [1, 1, 1, 1], minSections: 1, maxSections: 7);

        var section = Assert.Single(clusters.Sections);
        Assert.Equal([0, 1], section);
        Assert.Equal([2, 3], clusters.Stragglers);
    }

    [Fact]
    public void The_same_vectors_give_the_same_sections()
    {
        var vectors = EvaluationVectors.Value.Take(120).ToList();
        var scores = Enumerable.Range(0, 120).Select(i => 1.0 / (i + 1)).ToList();

        var first = SectionClusterer.Cluster(vectors, scores, 4, 7);
        var second = SectionClusterer.Cluster(vectors, scores, 4, 7);

        Assert.Equal(first.Sections.Select(s => string.Join(",", s)), second.Sections.Select(s => string.Join(",", s)));
        Assert.Equal(first.Stragglers, second.Stragglers);
    }

    [Fact]
    public void Keeps_the_best_scored_sections_when_there_are_too_many()
    {
        var vectors = EvaluationVectors.Value;
        var items = EvaluationSet.Items;
        var scores = items.Select(i => i.Label == "quantum-computing" ? 10.0 : 1.0).ToList();

        var clusters = SectionClusterer.Cluster(vectors, scores, minSections: 1, maxSections: 2);

        Assert.Equal(2, clusters.Sections.Count);
        Assert.True(clusters.Sections[0].Count(i => items[i].Label == "quantum-computing") >= 45);
        Assert.Equal(items.Count, clusters.Sections.Sum(s => s.Count) + clusters.Stragglers.Count);
    }

    [Fact]
    public void No_items_make_no_sections_and_one_item_is_a_straggler()
    {
        Assert.Empty(SectionClusterer.Cluster([], [], 4, 7).Sections);
        var one = SectionClusterer.Cluster([EvaluationVectors.Value[0]], [1], 4, 7);
        Assert.Empty(one.Sections);
        Assert.Equal([0], one.Stragglers);
    }

    private static double NormalizedMutualInformation(IReadOnlyList<int> clusters, IReadOnlyList<string> labels)
    {
        var n = (double)clusters.Count;
        var joint = clusters.Zip(labels).GroupBy(p => p).ToDictionary(g => g.Key, g => g.Count() / n);
        var pc = clusters.GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count() / n);
        var pl = labels.GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count() / n);
        var mi = joint.Sum(kv => kv.Value * Math.Log(kv.Value / (pc[kv.Key.First] * pl[kv.Key.Second])));
        var hc = -pc.Values.Sum(p => p * Math.Log(p));
        var hl = -pl.Values.Sum(p => p * Math.Log(p));
        return hc + hl == 0 ? 1 : 2 * mi / (hc + hl);
    }
}
