namespace RoundupBot.Tests.Storage;

public sealed class PostgresStoreGistTests : StoreGistTests
{
    protected override async Task<StoreDatabase> CreateDatabaseAsync() => await PostgresStoreDatabase.CreateAsync();
}
