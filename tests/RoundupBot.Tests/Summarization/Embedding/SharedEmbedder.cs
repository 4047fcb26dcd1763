using RoundupBot.Summarization.Embedding;

namespace RoundupBot.Tests.Summarization.Embedding;

/// <summary>The real model, loaded once for the whole test run (loading takes a second or two); it is thread-safe.</summary>
internal static class SharedEmbedder
{
    private static readonly Lazy<MiniLmEmbedder> s_instance = new(() => new MiniLmEmbedder());

    public static MiniLmEmbedder Instance => s_instance.Value;
}
