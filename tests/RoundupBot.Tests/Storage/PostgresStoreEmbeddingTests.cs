namespace RoundupBot.Tests.Storage;

public sealed class PostgresStoreEmbeddingTests : StoreEmbeddingTests
{
    protected override async Task<StoreDatabase> CreateDatabaseAsync() => await PostgresStoreDatabase.CreateAsync();
}
