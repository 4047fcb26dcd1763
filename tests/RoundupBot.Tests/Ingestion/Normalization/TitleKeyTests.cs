using RoundupBot.Ingestion.Normalization;

namespace RoundupBot.Tests.Ingestion.Normalization;

public class TitleKeyTests
{
    [Theory]
    [InlineData("Attention Is All You Need: A Retrospective", "attention is all you need a retrospective")]
    [InlineData("  Attention   is all you need —  a retrospective!  ", "attention is all you need a retrospective")]
    [InlineData("“Attention” is all you need: a retrospective", "attention is all you need a retrospective")]
    [InlineData("Café société: naïve Bayes for résumés", "cafe societe naive bayes for resumes")]
    [InlineData("Don't stop pretraining: adapt language models", "dont stop pretraining adapt language models")]
    [InlineData("Don’t stop pretraining: adapt language models", "dont stop pretraining adapt language models")]
    [InlineData("ＦＵＬＬＷＩＤＴＨ letters fold to plain ones", "fullwidth letters fold to plain ones")]
    [InlineData("State-of-the-art retrieval for RAG", "state of the art retrieval for rag")]
    [InlineData("The new king of MMLU benchmark | AI Blog", "the new king of mmlu benchmark ai blog")]
    public void Folds_titles_for_comparison(string title, string expected)
    {
        Assert.Equal(expected, TitleKey.Fold(title));
    }

    [Theory]
    [InlineData("Weekly update")]
    [InlineData("This week in AI #5")]
    [InlineData("News roundup, part 3")]
    [InlineData("A B C D E F")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Refuses_titles_too_short_or_generic_to_merge_on(string? title)
    {
        Assert.Null(TitleKey.Fold(title));
    }

    [Fact]
    public void Gives_near_identical_titles_the_same_key()
    {
        Assert.Equal(
            TitleKey.Fold("Scaling Laws for Neural Language Models"),
            TitleKey.Fold("scaling laws for neural language models."));
    }
}
