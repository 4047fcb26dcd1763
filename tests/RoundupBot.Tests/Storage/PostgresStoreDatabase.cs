using Npgsql;
using RoundupBot.Storage;
using RoundupBot.Storage.Postgres;
using RoundupBot.Tests.TestSupport;

namespace RoundupBot.Tests.Storage;

/// <summary>A fresh database on the test process's throwaway PostgreSQL server, dropped when disposed.</summary>
public sealed class PostgresStoreDatabase : StoreDatabase
{
    private readonly PostgresServer _server;

    private PostgresStoreDatabase(PostgresServer server, string connectionString)
    {
        _server = server;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public override int SchemaVersion => PostgresStore.SchemaVersion;

    public static async Task<PostgresStoreDatabase> CreateAsync()
    {
        var server = await PostgresServer.Shared;
        return new PostgresStoreDatabase(server, await server.CreateDatabaseAsync("roundup_store"));
    }

    public override async Task<object?[]?> QueryRowAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
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
        QueryRowAsync($"INSERT INTO schema_migrations (version, applied_at) VALUES ({version}, now())");

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        var name = new NpgsqlConnectionStringBuilder(ConnectionString).Database;
        await using var connection = new NpgsqlConnection(_server.AdminConnectionString);
        await connection.OpenAsync();
        // FORCE: the raw connections of QueryRowAsync may still sit in Npgsql's pool.
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    protected override IRoundupStore OpenCore() => new PostgresStore(ConnectionString, Time);
}
