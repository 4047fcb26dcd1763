namespace RoundupBot.Tests.Storage;

public sealed class SqliteStoreDraftTests : StoreDraftTests
{
    protected override Task<StoreDatabase> CreateDatabaseAsync() => Task.FromResult<StoreDatabase>(new SqliteStoreDatabase());
}
