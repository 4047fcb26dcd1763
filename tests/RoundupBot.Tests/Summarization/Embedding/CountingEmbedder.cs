using RoundupBot.Summarization.Embedding;

namespace RoundupBot.Tests.Summarization.Embedding;

/// <summary>Passes every call to the real embedder and remembers which texts it was asked for.</summary>
internal sealed class CountingEmbedder(ITextEmbedder inner) : ITextEmbedder
{
    private readonly Lock _lock = new();
    private readonly List<string> _texts = [];

    public string Model => inner.Model;

    public int Dimensions => inner.Dimensions;

    public int Calls { get; private set; }

    public IReadOnlyList<string> Texts
    {
        get
        {
            lock (_lock)
            {
                return [.. _texts];
            }
        }
    }

    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Calls++;
            _texts.AddRange(texts);
        }

        return inner.Embed(texts, cancellationToken);
    }
}
