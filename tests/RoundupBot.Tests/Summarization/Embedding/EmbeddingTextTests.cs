using RoundupBot.Summarization.Embedding;

namespace RoundupBot.Tests.Summarization.Embedding;

public sealed class EmbeddingTextTests
{
    [Fact]
    public void Joins_title_and_summary_with_a_full_stop() =>
        Assert.Equal("Attention is all you need. We propose the Transformer.", EmbeddingText.For("Attention is all you need", "We propose the Transformer."));

    [Fact]
    public void Adds_no_second_full_stop_after_a_title_that_ends_a_sentence() =>
        Assert.Equal("Is attention all you need? Maybe not.", EmbeddingText.For("Is attention all you need?", "Maybe not."));

    [Fact]
    public void Collapses_whitespace_and_newlines() =>
        Assert.Equal("A title. Line one line two.", EmbeddingText.For("  A   title \n", "\n Line one\r\n\tline   two. "));

    [Fact]
    public void Uses_the_title_alone_when_there_is_no_summary() =>
        Assert.Equal("Just a title", EmbeddingText.For("Just a title", "   "));

    [Fact]
    public void Cuts_a_long_summary_at_a_word_boundary()
    {
        var text = EmbeddingText.For("Title", string.Concat(Enumerable.Repeat("wordy ", 500)));

        Assert.True(text.Length <= EmbeddingText.MaxLength);
        Assert.True(text.Length > EmbeddingText.MaxLength - 10);
        Assert.EndsWith("wordy", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Never_splits_a_surrogate_pair_in_text_without_spaces()
    {
        var text = EmbeddingText.For("T", "x" + string.Concat(Enumerable.Repeat("😀", 400)));

        Assert.True(text.Length <= EmbeddingText.MaxLength);
        Assert.False(char.IsHighSurrogate(text[^1]));
    }
}
