namespace RoundupBot.Tests.Storage;

public sealed class SqliteStoreDeliveryTests : StoreDeliveryTests
{
    protected override Task<StoreDatabase> CreateDatabaseAsync() => Task.FromResult<StoreDatabase>(new SqliteStoreDatabase());
}
