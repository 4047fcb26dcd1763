namespace RoundupBot.Tests.Storage;

public sealed class SqliteStoreEmbeddingTests : StoreEmbeddingTests
{
    protected override Task<StoreDatabase> CreateDatabaseAsync() => Task.FromResult<StoreDatabase>(new SqliteStoreDatabase());
}
