using RoundupBot.Summarization.Embedded;

namespace RoundupBot.Tests.Summarization.Embedded;

public class SectionTitlerTests
{
    private static readonly IReadOnlyList<SectionTitle> EvaluationTitles =
        new SectionTitler().Title(EvaluationSet.SectionsByLabel());

    [Theory]
    [InlineData("quantum-computing", new[] { "quantum", "qubit" })]
    [InlineData("robotics", new[] { "robot" })]
    [InlineData("biology-medicine", new[] { "protein", "gene", "drug", "clinical", "patient", "cell", "structure" })]
    [InlineData("climate-earth", new[] { "climate", "weather", "forecast", "satellite" })]
    [InlineData("computer-vision", new[] { "image", "vision", "video", "segmentation", "diffusion" })]
    [InlineData("llm-reasoning", new[] { "reasoning", "language model", "llm" })]
    public void Titles_each_labelled_group_with_a_word_of_its_field(string label, string[] expectedWords)
    {
        var title = EvaluationTitles[Array.IndexOf(EvaluationSet.Labels, label)].Title;

        Assert.True(expectedWords.Any(w => title.Contains(w, StringComparison.OrdinalIgnoreCase)), $"'{title}' names none of {string.Join(", ", expectedWords)}");
    }

    [Fact]
    public void Keeps_every_title_between_two_and_six_words_without_stop_words_or_boilerplate_at_the_ends()
    {
        foreach (var title in EvaluationTitles.Select(t => t.Title))
        {
            var words = title.Split(' ');
            Assert.InRange(words.Length, 2, 6);
            Assert.False(TextTokens.StopWords.Contains(TextTokens.Key(words[0])), title);
            Assert.False(TextTokens.StopWords.Contains(TextTokens.Key(words[^1])), title);
            Assert.All(words, w => Assert.False(TextTokens.Boilerplate.Contains(TextTokens.Key(w)), title));
            Assert.True(char.IsUpper(title[0]), title);
        }
    }

    [Fact]
    public void Never_gives_two_sections_the_same_title()
    {
        Assert.Equal(EvaluationTitles.Count, EvaluationTitles.Select(t => t.Title).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Gives_identical_sections_different_titles()
    {
        var section = EvaluationSet.SectionsByLabel()[4];

        var titles = new SectionTitler().Title([section, section, section]);

        Assert.Equal(3, titles.Select(t => t.Title).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Returns_keyphrases_free_of_boilerplate_best_first()
    {
        var quantum = EvaluationTitles[Array.IndexOf(EvaluationSet.Labels, "quantum-computing")];

        Assert.InRange(quantum.Keyphrases.Count, 5, 10);
        Assert.Contains(quantum.Keyphrases.Take(3), k => k.Contains("quantum", StringComparison.Ordinal) || k.Contains("qubit", StringComparison.Ordinal));
        Assert.All(quantum.Keyphrases, k => Assert.All(k.Split(' '), w => Assert.False(TextTokens.Boilerplate.Contains(TextTokens.Key(w)), k)));
    }

    [Fact]
    public void Leaves_boilerplate_out_of_titles_even_when_every_item_repeats_it()
    {
        SectionItem[] section =
        [
            new(1, "We propose a novel approach to protein folding", "In this paper we propose a novel method. Results show state-of-the-art protein folding."),
            new(2, "A novel method for protein folding", "We propose a new approach; results show protein folding improves."),
            new(3, "Protein folding: a novel approach", "This paper shows results on protein folding with a novel model."),
        ];

        var title = new SectionTitler().Title([section])[0].Title;

        Assert.Equal("Protein folding", title);
    }

    [Fact]
    public void Gives_the_same_titles_for_the_same_input()
    {
        var sections = EvaluationSet.SectionsByLabel();

        var first = new SectionTitler().Title(sections);
        var second = new SectionTitler().Title(sections);

        Assert.Equal(first.Select(t => t.Title), second.Select(t => t.Title));
        Assert.Equal(first.SelectMany(t => t.Keyphrases), second.SelectMany(t => t.Keyphrases));
    }

    [Fact]
    public void Titles_empty_sections_and_sections_without_words_with_distinct_neutral_titles()
    {
        SectionItem[] noWords = [new(1, "", ""), new(2, "123 456", "— … 42%")];

        var titles = new SectionTitler().Title([[], noWords]);

        Assert.Equal(["Other news", "More to read"], titles.Select(t => t.Title));
        Assert.All(titles, t => Assert.Empty(t.Keyphrases));
    }

    [Fact]
    public void Titles_a_one_item_section_from_its_own_words()
    {
        SectionItem[] one = [new(7, "Glacier calving fronts from radar", "Calving fronts of outlet glaciers traced in radar images.")];

        var title = new SectionTitler().Title([one])[0].Title;

        Assert.InRange(title.Split(' ').Length, 2, 6);
        Assert.Contains("calving", title, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Never_ends_a_title_on_a_past_participle_such_as_built()
    {
        SectionItem[] quantum =
        [
            new(1, "Quantum computers built from molecules", "Quantum computers built from single molecules trapped in optical tweezers."),
            new(2, "Qubits from trapped molecules", "Quantum computers built with molecules entangle two qubits."),
            new(3, "Is gravity quantum?", "Experiments on quantum computers built to test gravity."),
        ];
        SectionItem[] other = [new(4, "Glacier calving fronts from radar", "Calving fronts of outlet glaciers traced in radar images.")];

        var title = new SectionTitler().Title([quantum, other])[0].Title;

        Assert.DoesNotMatch(@"\bbuilt$", title);
        Assert.Contains("quantum", title, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Titles_non_english_text_without_failing()
    {
        SectionItem[] french =
        [
            new(1, "Prévision météorologique par réseaux de neurones", "Nous prévoyons la météo à dix jours. La prévision météorologique s'améliore."),
            new(2, "Prévision météorologique régionale", "Une prévision météorologique à haute résolution pour les Alpes."),
        ];
        SectionItem[] japanese = [new(3, "量子コンピュータの誤り訂正", "表面符号を用いた量子誤り訂正の実験。")];

        var titles = new SectionTitler().Title([french, japanese]);

        Assert.StartsWith("Prévision météorologique", titles[0].Title, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(titles[1].Title));
        Assert.NotEqual(titles[0].Title, titles[1].Title);
    }

    [Fact]
    public void Keeps_acronyms_in_capitals()
    {
        SectionItem[] section =
        [
            new(1, "LLM agents browse the web", "LLM agents fail quietly."),
            new(2, "Auditing LLM agents", "We audit LLM agents on web tasks."),
            new(3, "LLM agents write tools", "Tool-writing LLM agents."),
        ];

        var title = new SectionTitler().Title([section])[0];

        Assert.Contains("LLM agents", title.Keyphrases);
        Assert.StartsWith("LLM agents", title.Title, StringComparison.Ordinal);
    }
}
