namespace RoundupBot.Summarization.Embedding;

/// <summary>
/// Turns texts into sentence vectors. Implementations are thread-safe, keep one loaded model for their lifetime, and
/// are deterministic: the same text gives the same vector, bit for bit, whatever else is in the call.
/// </summary>
public interface ITextEmbedder
{
    /// <summary>Names the model and anything else that changes the vectors; stored with each vector, so a new name recomputes them.</summary>
    string Model { get; }

    /// <summary>The length of every vector returned.</summary>
    int Dimensions { get; }

    /// <summary>
    /// One unit-length vector of <see cref="Dimensions"/> floats per text, in the order of <paramref name="texts"/>.
    /// Empty text is allowed; overly long text is cut to the model's window. Runs on the calling thread and the
    /// thread pool, and returns when every vector is done.
    /// </summary>
    /// <exception cref="ArgumentException">A text is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; nothing is returned.</exception>
    float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken);
}
