namespace RoundupBot.Tests.Storage;

public sealed class SqliteStoreDiscordTests : StoreDiscordTests
{
    protected override Task<StoreDatabase> CreateDatabaseAsync() => Task.FromResult<StoreDatabase>(new SqliteStoreDatabase());
}
