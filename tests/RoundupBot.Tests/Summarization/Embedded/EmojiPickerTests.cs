using RoundupBot.Summarization.Embedded;

namespace RoundupBot.Tests.Summarization.Embedded;

public class EmojiPickerTests
{
    private static readonly Dictionary<string, string[]> Expected = new()
    {
        ["quantum-computing"] = ["⚛️"],
        ["biology-medicine"] = ["🧬", "💊"],
        ["robotics"] = ["🤖"],
        ["computer-vision"] = ["🖼️"],
        ["climate-earth"] = ["🌍"],
        ["llm-reasoning"] = ["🧠"],
    };

    [Fact]
    public void Gives_the_six_labelled_groups_six_different_emojis()
    {
        var emojis = new EmojiPicker().Pick(EvaluationSet.SectionsByLabel());

        Assert.Equal(6, emojis.Count);
        Assert.Equal(6, emojis.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Gives_at_least_five_of_the_six_groups_the_emoji_of_their_field()
    {
        var emojis = new EmojiPicker().Pick(EvaluationSet.SectionsByLabel());

        var hits = EvaluationSet.Labels.Where((label, i) => Expected[label].Contains(emojis[i])).ToList();

        Assert.True(hits.Count >= 5, $"Expected emojis for: {string.Join(", ", hits)}; got {string.Join(" ", emojis)}");
    }

    [Fact]
    public void Gives_the_contested_emoji_to_the_section_that_matches_it_best()
    {
        SectionItem[] mentionsQubits = [new(1, "A chip roadmap", "GPU chips, accelerators and one line about qubits.")];
        SectionItem[] quantum =
        [
            new(2, "Surface code below threshold", "Logical qubits on a superconducting quantum processor."),
            new(3, "Quantum error correction", "Qubits, entanglement and quantum decoders."),
        ];

        var emojis = new EmojiPicker().Pick([mentionsQubits, quantum]);

        Assert.Equal("⚛️", emojis[1]);
        Assert.Equal("⚡", emojis[0]);
    }

    [Fact]
    public void Falls_back_to_distinct_emojis_for_sections_matching_no_theme()
    {
        SectionItem[] nothing = [new(1, "Zzz", "Lorem ipsum dolor sit amet.")];
        SectionItem[] alsoNothing = [new(2, "Qqq", "Consectetur adipiscing elit.")];

        var emojis = new EmojiPicker().Pick([nothing, alsoNothing, []]);

        Assert.Equal(["📌", "🔎", "✨"], emojis);
    }

    [Fact]
    public void Covers_the_themes_of_the_design()
    {
        string[] required = ["🤖", "🧠", "💾", "👑", "🐞", "🧮", "🧬", "⚛️", "🛡️", "🖼️", "🗣️", "📈", "🌍", "💊", "⚡", "📚", "💻", "🎨", "🔬", "💰", "⚖️"];

        Assert.Empty(required.Except(EmojiPicker.DefaultLexicon.Select(t => t.Emoji)));
        Assert.Equal(EmojiPicker.DefaultLexicon.Count, EmojiPicker.DefaultLexicon.Select(t => t.Emoji).Distinct().Count());
    }

    [Fact]
    public void Picks_the_same_emojis_for_the_same_input()
    {
        var sections = EvaluationSet.SectionsByLabel();

        Assert.Equal(new EmojiPicker().Pick(sections), new EmojiPicker().Pick(sections));
    }

    [Fact]
    public void Refuses_a_title_list_of_another_length()
    {
        var sections = EvaluationSet.SectionsByLabel();

        var error = Assert.Throws<ArgumentException>(() => new EmojiPicker().Pick(sections, []));

        Assert.Contains("6 sections but 0 titles", error.Message, StringComparison.Ordinal);
    }
}
