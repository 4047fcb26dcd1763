namespace RoundupBot.Tests.Storage;

public sealed class SqliteStoreSubscriberTests : StoreSubscriberTests
{
    protected override Task<StoreDatabase> CreateDatabaseAsync() => Task.FromResult<StoreDatabase>(new SqliteStoreDatabase());
}
