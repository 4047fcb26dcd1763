using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace RoundupBot.Summarization.Embedding;

/// <summary>Registers the embed stage.</summary>
public static class EmbeddingServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="MiniLmEmbedder"/> as the <see cref="ITextEmbedder"/> singleton (its model loads on first
    /// use, not here) and <see cref="EmbeddingService"/>. Both with TryAdd, so a test can register its own embedder
    /// first. <see cref="EmbeddingService"/> needs an <see cref="Storage.IRoundupStore"/> and logging from elsewhere.
    /// </summary>
    public static IServiceCollection AddEmbedding(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<ITextEmbedder>(sp => new MiniLmEmbedder(sp.GetService<ILogger<MiniLmEmbedder>>()));
        services.TryAddSingleton<EmbeddingService>();
        return services;
    }
}
