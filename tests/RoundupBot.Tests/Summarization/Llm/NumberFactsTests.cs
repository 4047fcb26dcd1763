using RoundupBot.Summarization.Llm;

namespace RoundupBot.Tests.Summarization.Llm;

public sealed class NumberFactsTests
{
    [Theory]
    [InlineData("a 2.7 billion parameter model", 2.7e9)]
    [InlineData("a 2.7B model", 2.7e9)]
    [InlineData("7b parameters", 7e9)]
    [InlineData("accuracy of 44%", 44)]
    [InlineData("1,024 tokens", 1024)]
    [InlineData("a 70-billion-parameter model", 70e9)]
    [InlineData("costs $3.5 million", 3.5e6)]
    public void Reads_figures_with_their_scale(string text, double value) =>
        Assert.Equal(value, Assert.Single(NumberFacts.Find(text)).Value, 6);

    [Theory]
    [InlineData("runs on an H100 with MiniLM-L6 and v2 weights")]
    [InlineData("no figures here")]
    public void Ignores_digits_that_are_part_of_names(string text) => Assert.Empty(NumberFacts.Find(text));

    [Theory]
    [InlineData("The 2.7B model wins.", "We train a 2.7 billion parameter model.")]
    [InlineData("A 7 billion model.", "Our 7B model.")]
    [InlineData("It reaches 44% accuracy.", "accuracy is only 44 percent")]
    [InlineData("GPT-4 does well.", "We compare against GPT-4.")]
    [InlineData("Scores rose by 12 points.", "improves accuracy by 12 points")]
    public void Accepts_figures_the_source_states_in_another_form(string claim, string source) =>
        Assert.Empty(NumberFacts.Unsupported(claim, [source]));

    [Theory]
    [InlineData("It lifts accuracy by 97.3%.", "accuracy improves by 12 points")]
    [InlineData("A 7 billion model.", "Our model has 7 layers.")]
    [InlineData("We tested 600 questions in 2024.", "We pose 600 questions.")]
    public void Flags_figures_the_source_does_not_state(string claim, string source) =>
        Assert.NotEmpty(NumberFacts.Unsupported(claim, [source]));
}
