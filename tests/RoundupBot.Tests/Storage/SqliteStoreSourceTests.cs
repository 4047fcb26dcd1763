using Microsoft.Data.Sqlite;

namespace RoundupBot.Tests.Storage;

public sealed class SqliteStoreSourceTests : StoreSourceTests
{
    private string DatabasePath => ((SqliteStoreDatabase)Database).Path;

    [Fact]
    public void Creates_the_database_directory()
    {
        Assert.True(File.Exists(DatabasePath));
    }

    [Fact]
    public async Task Uses_write_ahead_logging()
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
    }

    protected override Task<StoreDatabase> CreateDatabaseAsync() => Task.FromResult<StoreDatabase>(new SqliteStoreDatabase());
}
