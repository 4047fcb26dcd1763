namespace RoundupBot.Tests.Storage;

public sealed class SqliteStoreSignalTests : StoreSignalTests
{
    protected override Task<StoreDatabase> CreateDatabaseAsync() => Task.FromResult<StoreDatabase>(new SqliteStoreDatabase());
}
