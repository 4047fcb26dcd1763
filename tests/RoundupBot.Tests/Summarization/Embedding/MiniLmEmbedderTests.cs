using RoundupBot.Summarization.Embedding;

namespace RoundupBot.Tests.Summarization.Embedding;

public sealed class MiniLmEmbedderTests
{
    private static MiniLmEmbedder Embedder => SharedEmbedder.Instance;

    private static float[] EmbedOne(string text) => Embedder.Embed([text], CancellationToken.None)[0];

    [Fact]
    public void Gives_unit_length_vectors_of_384_floats()
    {
        var vectors = Embedder.Embed(["Protein structure prediction with deep learning.", "A Discord bot that posts weekly digests."], CancellationToken.None);

        Assert.Equal(2, vectors.Length);
        Assert.All(vectors, v =>
        {
            Assert.Equal(MiniLmEmbedder.VectorDimensions, v.Length);
            Assert.Equal(1.0, Vectors.Norm(v), 4);
            Assert.All(v, x => Assert.True(float.IsFinite(x)));
        });
        Assert.Equal(384, Embedder.Dimensions);
    }

    [Fact]
    public void Puts_sentences_about_the_same_topic_closer_than_unrelated_ones()
    {
        var vectors = Embedder.Embed(
            [
                "AlphaFold predicts the three-dimensional structure of proteins from their amino acid sequence.",
                "A new deep learning model for protein folding reaches near-experimental accuracy on structure prediction.",
                "How to write a Discord bot that posts messages to a channel through webhooks.",
            ],
            CancellationToken.None);

        var related = Vectors.Cosine(vectors[0], vectors[1]);
        var unrelated = Math.Max(Vectors.Cosine(vectors[0], vectors[2]), Vectors.Cosine(vectors[1], vectors[2]));

        Assert.True(related > unrelated + 0.3, $"related {related:F3}, unrelated {unrelated:F3}");
    }

    [Fact]
    public void Gives_the_same_vector_for_the_same_text_whatever_else_is_in_the_call()
    {
        const string Text = "Scaling laws for neural language models. We study empirical scaling laws for language model performance.";
        var others = Enumerable.Range(0, 100)
            .Select(i => $"Paper {i}: " + string.Concat(Enumerable.Repeat("sparse mixture of experts routing ", i % 12)))
            .ToList();
        others.Insert(57, Text);

        var alone = EmbedOne(Text);
        var again = EmbedOne(Text);
        // 101 texts of many lengths: several batches, run in parallel, padded differently from the text alone.
        var inBatch = Embedder.Embed(others, CancellationToken.None)[57];

        Assert.Equal(Vectors.Bits(alone), Vectors.Bits(again));
        Assert.Equal(Vectors.Bits(alone), Vectors.Bits(inBatch));
    }

    [Fact]
    public void Gives_the_same_vectors_when_called_from_several_threads_at_once()
    {
        var texts = Enumerable.Range(0, 40).Select(i => $"Item {i} about retrieval augmented generation and {i * 7} documents.").ToArray();
        var expected = Embedder.Embed(texts, CancellationToken.None);

        var results = new float[4][][];
        Parallel.For(0, results.Length, i => results[i] = Embedder.Embed(texts, CancellationToken.None));

        Assert.All(results, result => Assert.Equal(expected.Select(Vectors.Bits), result.Select(Vectors.Bits)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \t\n ")]
    [InlineData("大型语言模型的推理能力研究")]
    [InlineData("Исследование больших языковых моделей")]
    [InlineData("نماذج اللغة الكبيرة")]
    [InlineData("🤖🧬 emoji only 🚀 \u0000 control \u200B zero-width")]
    public void Embeds_empty_and_non_English_text_without_throwing(string text)
    {
        var vector = EmbedOne(text);

        Assert.Equal(384, vector.Length);
        Assert.Equal(1.0, Vectors.Norm(vector), 4);
    }

    [Fact]
    public void Embeds_a_huge_text_from_its_start()
    {
        var huge = string.Concat(Enumerable.Repeat("Graph neural networks for molecule property prediction. ", 20_000));

        var vector = EmbedOne(huge);
        var start = EmbedOne(huge[..MiniLmEmbedder.MaxInputLength]);

        Assert.Equal(1.0, Vectors.Norm(vector), 4);
        Assert.Equal(Vectors.Bits(start), Vectors.Bits(vector));
    }

    [Fact]
    public void Returns_nothing_for_no_texts() =>
        Assert.Empty(Embedder.Embed([], CancellationToken.None));

    [Fact]
    public void Refuses_a_null_text()
    {
        var error = Assert.Throws<ArgumentException>(() => Embedder.Embed(["fine", null!], CancellationToken.None));

        Assert.Contains("Text 1 is null", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stops_when_cancelled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => Embedder.Embed(["anything"], cancelled.Token));
    }

    [Fact]
    public void Refuses_calls_after_disposal()
    {
        var embedder = new MiniLmEmbedder();
        embedder.Dispose();

        Assert.Throws<ObjectDisposedException>(() => embedder.Embed(["anything"], CancellationToken.None));
    }
}
