using System.Collections.Concurrent;
using RoundupBot.Summarization.Embedding;
using RoundupBot.Tests.Summarization.Embedding;

namespace RoundupBot.Tests.Summarization.Llm;

/// <summary>The real MiniLM model, remembering every text's vector for the whole test run: the LLM tests cluster the same items many times.</summary>
internal sealed class MemoEmbedder : ITextEmbedder
{
    private static readonly ConcurrentDictionary<string, float[]> Vectors = new(StringComparer.Ordinal);

    public static MemoEmbedder Instance { get; } = new();

    public string Model => SharedEmbedder.Instance.Model;

    public int Dimensions => SharedEmbedder.Instance.Dimensions;

    public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var missing = texts.Where(t => !Vectors.ContainsKey(t)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            var computed = SharedEmbedder.Instance.Embed(missing, cancellationToken);
            for (var i = 0; i < missing.Count; i++)
            {
                Vectors[missing[i]] = computed[i];
            }
        }

        return texts.Select(t => Vectors[t]).ToArray();
    }
}
