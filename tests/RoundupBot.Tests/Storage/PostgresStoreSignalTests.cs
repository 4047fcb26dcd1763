namespace RoundupBot.Tests.Storage;

public sealed class PostgresStoreSignalTests : StoreSignalTests
{
    protected override async Task<StoreDatabase> CreateDatabaseAsync() => await PostgresStoreDatabase.CreateAsync();
}
