namespace RoundupBot.Tests.Storage;

public sealed class SqliteStoreItemTests : StoreItemTests
{
    protected override Task<StoreDatabase> CreateDatabaseAsync() => Task.FromResult<StoreDatabase>(new SqliteStoreDatabase());
}
