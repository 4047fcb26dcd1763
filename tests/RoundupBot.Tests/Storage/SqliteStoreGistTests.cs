namespace RoundupBot.Tests.Storage;

public sealed class SqliteStoreGistTests : StoreGistTests
{
    protected override Task<StoreDatabase> CreateDatabaseAsync() => Task.FromResult<StoreDatabase>(new SqliteStoreDatabase());
}
