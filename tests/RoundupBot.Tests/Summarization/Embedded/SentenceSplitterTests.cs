using RoundupBot.Summarization.Embedded;

namespace RoundupBot.Tests.Summarization.Embedded;

public class SentenceSplitterTests
{
    [Theory]
    [InlineData("We use priors, e.g. chromatin maps. They help.", new[] { "We use priors, e.g. chromatin maps.", "They help." })]
    [InlineData("As shown by Smith et al. (2023), it works. Next one.", new[] { "As shown by Smith et al. (2023), it works.", "Next one." })]
    [InlineData("See Fig. 3 for details. It is clear.", new[] { "See Fig. 3 for details.", "It is clear." })]
    [InlineData("Accuracy rose to 3.5 points. Then it fell.", new[] { "Accuracy rose to 3.5 points.", "Then it fell." })]
    [InlineData("Version 2.1.0 ships today! Really? Yes.", new[] { "Version 2.1.0 ships today!", "Really?", "Yes." })]
    [InlineData("Work by J. Smith and A. Jones. Done.", new[] { "Work by J. Smith and A. Jones.", "Done." })]
    [InlineData("It beats i.e. the baseline. Fine", new[] { "It beats i.e. the baseline.", "Fine" })]
    [InlineData("He said \"stop.\" Then left.", new[] { "He said \"stop.\"", "Then left." })]
    [InlineData("lower case after a stop. does not split", new[] { "lower case after a stop. does not split" })]
    [InlineData("量子誤り訂正の実験。表面符号を用いた。", new[] { "量子誤り訂正の実験。", "表面符号を用いた。" })]
    [InlineData("No final stop\n\nNew paragraph", new[] { "No final stop", "New paragraph" })]
    public void Splits_at_sentence_ends_but_not_at_abbreviations_initials_or_decimals(string text, string[] expected)
    {
        Assert.Equal(expected, SentenceSplitter.Split(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   \n ")]
    [InlineData("... !!! ??")]
    public void Returns_no_sentences_for_text_without_words(string? text)
    {
        Assert.Empty(SentenceSplitter.Split(text));
    }
}
