using RoundupBot.Summarization.Embedded;

namespace RoundupBot.Tests.Summarization.Embedded;

public class ExtractiveSummarizerTests
{
    private readonly ExtractiveSummarizer _summarizer = new();

    [Fact]
    public void Picks_two_to_four_distinct_sentences_per_labelled_group_each_citing_an_item_of_that_group()
    {
        foreach (var section in EvaluationSet.SectionsByLabel())
        {
            var ids = section.Select(i => i.Id).ToHashSet();

            var sentences = _summarizer.Summarize(section);

            Assert.InRange(sentences.Count, 2, 4);
            Assert.All(sentences, s => Assert.Contains(s.ItemId, ids));
            Assert.Equal(sentences.Count, sentences.Select(s => s.Text).Distinct(StringComparer.OrdinalIgnoreCase).Count());
            Assert.All(sentences, s => Assert.InRange(s.Text.Length, 1, 300));
            // Covering different items comes before a second sentence from one item.
            Assert.Equal(sentences.Count, sentences.Select(s => s.ItemId).Distinct().Count());
        }
    }

    [Fact]
    public void Takes_sentences_that_appear_in_the_cited_item()
    {
        var section = EvaluationSet.SectionsByLabel()[0];
        var byId = section.ToDictionary(i => i.Id);

        foreach (var sentence in _summarizer.Summarize(section))
        {
            Assert.Contains(sentence.Text.TrimEnd('…'), byId[sentence.ItemId].Summary, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Gives_a_one_item_section_one_sentence_from_that_item()
    {
        SectionItem[] one = [new(42, "Sea ice forecasts", "Seasonal sea ice forecasts improve with deep learning. A second sentence follows here.")];

        var sentences = _summarizer.Summarize(one);

        var sentence = Assert.Single(sentences);
        Assert.Equal(42, sentence.ItemId);
        Assert.Equal("Seasonal sea ice forecasts improve with deep learning.", sentence.Text);
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

        Assert.Equal(
            [new SummarySentence("Trapped-ion processor with 56 connected qubits", 1), new SummarySentence("Surface code memory below threshold", 2)],
            sentences);
    }

    [Fact]
    public void Does_not_repeat_a_sentence_shared_by_duplicate_items()
    {
        const string Abstract = "Quantum error correction keeps logical qubits alive longer than physical ones. Decoders run in real time on FPGAs.";
        SectionItem[] section =
        [
            new(1, "Below-threshold surface codes", Abstract),
            new(2, "Below-threshold surface codes", Abstract),
            new(3, "Below-threshold surface codes", Abstract),
        ];

        var sentences = _summarizer.Summarize(section);

        Assert.Equal(sentences.Count, sentences.Select(s => s.Text).Distinct().Count());
        Assert.InRange(sentences.Count, 1, 2);
    }

    [Fact]
    public void Cuts_huge_sentences_at_a_word_with_an_ellipsis()
    {
        var huge = string.Join(' ', Enumerable.Repeat("enormous climate simulation outputs", 400)) + ".";
        SectionItem[] section = [new(9, "Huge", huge), new(10, "Other", "A short sentence about weather forecasts and climate.")];

        var sentences = _summarizer.Summarize(section);

        Assert.All(sentences, s => Assert.True(s.Text.Length <= 300, s.Text.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var cut = Assert.Single(sentences, s => s.ItemId == 9);
        Assert.EndsWith("…", cut.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("  ", cut.Text, StringComparison.Ordinal);
        Assert.Matches(@"\w…$", cut.Text);
    }

    [Fact]
    public void Returns_nothing_for_an_empty_section_or_items_without_text()
    {
        Assert.Empty(_summarizer.Summarize(Array.Empty<SectionItem>()));
        Assert.Empty(_summarizer.Summarize([new SectionItem(1, "", ""), new SectionItem(2, " ", "...")]));
    }

    [Fact]
    public void Summarizes_non_english_text()
    {
        SectionItem[] section =
        [
            new(1, "Prévision", "Nous prévoyons la météo à dix jours avec un réseau de neurones. Les erreurs baissent de 12 %."),
            new(2, "量子", "表面符号を用いた量子誤り訂正の実験。論理量子ビットの寿命が延びた。"),
        ];

        var sentences = _summarizer.Summarize(section);

        Assert.Equal([1L, 2L], sentences.Select(s => s.ItemId));
    }

    [Fact]
    public void Gives_the_same_sentences_for_the_same_input()
    {
        var sections = EvaluationSet.SectionsByLabel();

        var first = new ExtractiveSummarizer().Summarize(sections);
        var second = new ExtractiveSummarizer().Summarize(sections);

        Assert.Equal(first.SelectMany(s => s), second.SelectMany(s => s));
    }

    [Theory]
    [InlineData("Short first sentence. And a second.", "Short first sentence.")]
    [InlineData("", "The title stands in")]
    public void Describes_an_other_read_with_its_first_sentence(string summary, string expected)
    {
        Assert.Equal(expected, _summarizer.Describe(new SectionItem(1, "The title stands in", summary)));
    }

    [Fact]
    public void Cuts_an_other_read_description_to_two_hundred_characters()
    {
        var summary = string.Join(' ', Enumerable.Repeat("word", 100)) + ".";

        var description = _summarizer.Describe(new SectionItem(1, "T", summary));

        Assert.True(description.Length <= 200);
        Assert.EndsWith("word…", description, StringComparison.Ordinal);
    }
}
