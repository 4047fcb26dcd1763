using RoundupBot.Summarization.Embedded;

namespace RoundupBot.Tests.Summarization.Embedded;

public class ExtractiveSummarizerTests
{
    private readonly ExtractiveSummarizer _summarizer = new();

    private static IReadOnlyList<IReadOnlyList<SectionItem>> SixItemSections() =>
        EvaluationSet.SectionsByLabel().Select(s => (IReadOnlyList<SectionItem>)s.Take(6).ToList()).ToList();

    [Fact]
    public void Gives_each_item_of_a_labelled_section_one_distinct_sentence_after_a_framing_line()
    {
        var sections = SixItemSections();
        var titles = new SectionTitler().Title(sections);
        for (var s = 0; s < sections.Count; s++)
        {
            var ids = sections[s].Select(i => i.Id).ToHashSet();

            var sentences = _summarizer.Summarize(sections[s], titles[s]);

            Assert.True(sentences[0].Frames);
            Assert.Equal(ids.Order(), sentences[0].Cited.Order());
            var itemSentences = sentences.Skip(1).ToList();
            Assert.InRange(itemSentences.Count, 4, 6);
            Assert.Equal(itemSentences.Count, itemSentences.Select(x => x.ItemId).Distinct().Count());
            Assert.All(itemSentences, x => Assert.Contains(x.ItemId, ids));
            Assert.Equal(sentences.Count, sentences.Select(x => x.Text).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        }
    }

    [Fact]
    public void Takes_every_item_sentence_from_the_cited_items_own_words()
    {
        foreach (var section in SixItemSections())
        {
            var byId = section.ToDictionary(i => i.Id);

            foreach (var sentence in _summarizer.Summarize(section).Where(s => !s.Frames))
            {
                // The item's words, lightly trimmed: a leading connective may go, the first letter may change case, and a
                // sentence cut at a clause ends in a full stop.
                var quote = sentence.Quote!.TrimEnd('.', '…');
                var summary = byId[sentence.ItemId].Summary;
                Assert.Contains(quote[1..], summary, StringComparison.Ordinal);
                // The sentence carries those words after the frame that names the item ("In “…”, the authors …").
                var rest = quote.Contains(' ', StringComparison.Ordinal) ? quote.Split(' ', 2)[1] : quote;
                var carried = SentenceEditor.ThirdPerson(" " + rest).Trim();
                Assert.Contains(carried[..Math.Min(carried.Length, 60)], sentence.Text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Names_a_system_in_place_and_a_paper_by_its_short_title()
    {
        SectionItem[] section =
        [
            new(1, "FunSearch: Making new discoveries in mathematical sciences using Large Language Models",
                "Large language models often hallucinate. FunSearch pairs a pre-trained model with an automated evaluator and discovers cap sets larger than any known in dimension 8.")
            {
                Source = "Google DeepMind Blog",
                Link = "https://deepmind.google/funsearch",
            },
            new(2, "The mass function of dark matter halos above 10¹⁵ M⊙ in the Uchuu simulation",
                "The abundance of the most massive halos is a sensitive probe of cosmology. We find that standard fitting functions overpredict the number of massive halos by 18%.")
            {
                Source = "arXiv astro-ph.CO",
                Link = "https://arxiv.org/abs/2612.02101",
            },
        ];

        var sentences = _summarizer.Summarize(section);

        Assert.Equal("Google DeepMind's FunSearch pairs a pre-trained model with an automated evaluator and discovers cap sets larger than any known in dimension 8.", sentences[0].Text);
        Assert.Equal("FunSearch", sentences[0].Name);
        Assert.Equal("In “The mass function of dark matter halos”, the authors find that standard fitting functions overpredict the number of massive halos by 18%.", sentences[1].Text);
        Assert.Equal("The mass function of dark matter halos", sentences[1].Name);
    }

    [Theory]
    [InlineData("However, the model improves accuracy by 12 points on chart questions.", "The model improves accuracy by 12 points on chart questions.")]
    [InlineData("Furthermore, while the ratios now agree, tensions remain in angular observables.", "While the ratios now agree, tensions remain in angular observables.")]
    [InlineData("In this paper, we train 40 small models on filtered corpora.", "We train 40 small models on filtered corpora.")]
    [InlineData("To this end, we propose FogSched, a task offloading scheme.", "We propose FogSched, a task offloading scheme.")]
    [InlineData("In this context, it is natural to ask how long the text will last.", null)]
    [InlineData("This study aims to reduce the dependence on human data.", "This study aims to reduce the dependence on human data.")]
    [InlineData("These results suggest caution.", null)]
    [InlineData("It works by pairing an LLM with an evaluator.", null)]
    [InlineData("Could the emergent properties be just a mirage?", null)]
    [InlineData("Finally, we release the code.", "We release the code.")]
    [InlineData("Finally the storm arrived over the coast and stayed.", "Finally the storm arrived over the coast and stayed.")]
    [InlineData("By iterating between the two, FunSearch discovered cap sets larger than any previously known.", null)]
    [InlineData("With this method, we halve the error on 12 benchmarks.", null)]
    [InlineData("Here is what experiments could tell them, and when.", null)]
    [InlineData("Across 30 dwarf galaxies, the halos have flat cores.", "Across 30 dwarf galaxies, the halos have flat cores.")]
    public void Makes_a_sentence_stand_alone_or_passes_it_over(string sentence, string? expected)
    {
        Assert.Equal(expected, SentenceEditor.StandAlone(sentence));
    }

    [Fact]
    public void Cuts_a_long_sentence_at_a_clause_boundary_or_passes_it_over()
    {
        var clause = "We measure the halo mass function above a very high mass threshold in a large simulation with many particles and careful halo finding across every snapshot";
        var tail = ", which matters for cluster cosmology from upcoming surveys and for the calibration of every weak lensing mass estimate made so far.";
        var unbroken = string.Join(' ', Enumerable.Repeat("word", 40)) + ".";

        Assert.Equal(clause + ".", SentenceEditor.StandAlone(clause + tail));
        Assert.Null(SentenceEditor.StandAlone(unbroken));
    }

    [Fact]
    public void Prefers_a_finding_to_background_and_motivation()
    {
        SectionItem[] one =
        [
            new(7, "Global flood forecasting in ungauged basins",
                "Most rivers have no stream gauges. Flood forecasting remains a challenge. An LSTM trained on 5,000 gauged basins predicts extreme river flows with a reliability that matches nowcasts.")
            {
                Source = "arXiv cs.LG",
            },
        ];

        var sentence = Assert.Single(_summarizer.Summarize(one));

        Assert.Contains("an LSTM trained on 5,000 gauged basins", sentence.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Uses_the_title_when_a_summary_is_empty()
    {
        SectionItem[] section =
        [
            new(1, "Trapped-ion processor with 56 connected qubits", ""),
            new(2, "Surface code memory below threshold", "   "),
        ];

        var sentences = _summarizer.Summarize(section);

        Assert.Equal([1L, 2L], sentences.Select(s => s.ItemId).Order());
        Assert.All(sentences, s => Assert.NotNull(s.Name));
        // The headline once, as a sentence: never "In “X”, x" with the title said twice and no full stop.
        var ion = sentences.Single(s => s.ItemId == 1);
        Assert.Equal("Also worth reading: \u201CTrapped-ion processor with 56 connected qubits\u201D.", ion.Text);
        Assert.Equal("Trapped-ion processor with 56 connected qubits", ion.Name);
    }

    [Fact]
    public void Does_not_repeat_a_sentence_shared_by_duplicate_items()
    {
        const string Abstract = "A trapped-ion processor runs 56 qubits with all-to-all connectivity and 99.9% two-qubit fidelity.";
        SectionItem[] section =
        [
            new(1, "Trapped ions at scale", Abstract),
            new(2, "Trapped ions at scale (blog)", Abstract),
            new(3, "Surface code memory", "A distance-7 surface code memory stays below threshold for 10 rounds of correction."),
        ];

        var sentences = _summarizer.Summarize(section);

        Assert.Equal(2, sentences.Count);
        Assert.Single(sentences, s => s.Text.Contains("56 qubits", StringComparison.Ordinal));
    }

    [Fact]
    public void Returns_nothing_for_an_empty_section_or_items_without_text()
    {
        Assert.Empty(_summarizer.Summarize([]));
        Assert.Empty(_summarizer.Summarize([new SectionItem(1, "", "")]));
    }

    [Fact]
    public void Summarizes_non_english_text()
    {
        SectionItem[] section =
        [
            new(1, "Prévision des crues", "Un modèle prévoit les crues des rivières sans jauge avec une fiabilité de 92 pour cent."),
            new(2, "Hochwasservorhersage", "Ein Modell sagt Hochwasser in Flüssen ohne Pegel mit hoher Zuverlässigkeit voraus."),
        ];

        var sentences = _summarizer.Summarize(section);

        Assert.Equal(2, sentences.Count);
    }

    [Fact]
    public void Gives_the_same_sentences_for_the_same_input()
    {
        var sections = SixItemSections();
        var titles = new SectionTitler().Title(sections);

        var first = sections.Select((s, i) => _summarizer.Summarize(s, titles[i])).ToList();
        var second = sections.Select((s, i) => _summarizer.Summarize(s, titles[i])).ToList();

        Assert.Equal(first.SelectMany(s => s.Select(x => x.Text)), second.SelectMany(s => s.Select(x => x.Text)));
    }

    [Theory]
    [InlineData("Short first sentence. And a second.", "Short first sentence.")]
    [InlineData("Most rivers have no gauges. We predict floods in 5,000 basins with 92% reliability.", "The authors predict floods in 5,000 basins with 92% reliability.")]
    [InlineData("", "Title")]
    public void Describes_an_other_read_with_its_key_sentence(string summary, string expected)
    {
        Assert.Equal(expected, _summarizer.Describe(new SectionItem(1, "Title", summary)));
    }

    [Fact]
    public void Cuts_an_other_read_description_to_two_hundred_characters()
    {
        var summary = string.Join(' ', Enumerable.Repeat("wordy", 80)) + ".";

        var description = _summarizer.Describe(new SectionItem(1, "Title", summary));

        Assert.True(description.Length <= 200);
        Assert.EndsWith("…", description, StringComparison.Ordinal);
    }
}
