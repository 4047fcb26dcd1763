using Microsoft.Extensions.DependencyInjection;
using RoundupBot.Storage;
using RoundupBot.Summarization.Embedding;
using RoundupBot.Tests.Storage;

namespace RoundupBot.Tests.Summarization.Embedding;

public sealed class EmbeddingServiceCollectionExtensionsTests
{
    [Fact]
    public async Task Registers_one_MiniLM_embedder_and_the_service()
    {
        await using var database = new TempDatabase();
        await using var store = database.Open();
        var services = new ServiceCollection().AddLogging().AddSingleton<IRoundupStore>(store);

        services.AddEmbedding().AddEmbedding();
        await using var provider = services.BuildServiceProvider();

        Assert.Single(services, d => d.ServiceType == typeof(ITextEmbedder));
        Assert.IsType<MiniLmEmbedder>(provider.GetRequiredService<ITextEmbedder>());
        Assert.Same(provider.GetRequiredService<ITextEmbedder>(), provider.GetRequiredService<ITextEmbedder>());
        Assert.NotNull(provider.GetRequiredService<EmbeddingService>());
    }

    [Fact]
    public void Keeps_an_embedder_registered_before_it()
    {
        var counting = new CountingEmbedder(SharedEmbedder.Instance);
        var services = new ServiceCollection().AddSingleton<ITextEmbedder>(counting);

        services.AddEmbedding();

        Assert.Same(counting, services.BuildServiceProvider().GetRequiredService<ITextEmbedder>());
    }
}
