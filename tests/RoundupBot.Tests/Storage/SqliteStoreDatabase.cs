using Microsoft.Data.Sqlite;
using RoundupBot.Storage;
using RoundupBot.Storage.Sqlite;

namespace RoundupBot.Tests.Storage;

/// <summary>A SQLite file in its own temp directory (see <see cref="TempDatabase"/>).</summary>
public sealed class SqliteStoreDatabase : StoreDatabase
{
    private readonly TempDatabase _database = new();

    public string Path => _database.Path;

    public override int SchemaVersion => SqliteStore.SchemaVersion;

    public override async Task<object?[]?> QueryRowAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return null;
        }

        var row = new object?[reader.FieldCount];
        for (var i = 0; i < row.Length; i++)
        {
            row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
        }

        return row;
    }

    public override Task MarkSchemaVersionAsync(int version) =>
        QueryRowAsync($"INSERT INTO schema_migrations (version, applied_at) VALUES ({version}, 0)");

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
    }

    protected override IRoundupStore OpenCore() => new SqliteStore(Path, Time);
}
