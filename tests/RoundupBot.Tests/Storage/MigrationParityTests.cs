using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using RoundupBot.Storage;

namespace RoundupBot.Tests.Storage;

/// <summary>
/// The two ordered migration lists describe one schema: after each migration, an empty SQLite database and an empty
/// PostgreSQL database hold the same tables, the same columns (by name and nullability), the same primary keys, unique
/// constraints and indexes. Types are left out: they are what the two lists differ in on purpose.
/// </summary>
public sealed class MigrationParityTests : IAsyncLifetime
{
    private SqliteStoreDatabase _sqlite = null!;
    private PostgresStoreDatabase _postgres = null!;

    public async Task InitializeAsync()
    {
        _sqlite = new SqliteStoreDatabase();
        _postgres = await PostgresStoreDatabase.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        await _sqlite.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    [Fact]
    public void Both_providers_have_the_same_number_of_migrations() => Assert.Equal(_sqlite.SchemaVersion, _postgres.SchemaVersion);

    [Fact]
    public async Task Every_migration_leaves_both_databases_with_the_same_tables_columns_and_indexes()
    {
        var sqlite = (SqlStore)_sqlite.Open();
        var postgres = (SqlStore)_postgres.Open();
        for (var version = 1; version <= _sqlite.SchemaVersion; version++)
        {
            await sqlite.MigrateAsync(version, CancellationToken.None);
            await postgres.MigrateAsync(version, CancellationToken.None);

            var sqliteFacts = await DescribeSqliteAsync();
            var postgresFacts = await DescribePostgresAsync();

            // One line per fact, so a failure names the version and the table, column or index that differs.
            var differences = sqliteFacts.Except(postgresFacts).Select(fact => $"after migration {version}, only SQLite has: {fact}")
                .Concat(postgresFacts.Except(sqliteFacts).Select(fact => $"after migration {version}, only PostgreSQL has: {fact}"))
                .ToList();
            Assert.True(differences.Count == 0, string.Join('\n', differences));
        }
    }

    private async Task<List<string>> DescribeSqliteAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={_sqlite.Path};Pooling=False");
        await connection.OpenAsync();
        var facts = new List<string>();
        foreach (var table in await ColumnAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"))
        {
            facts.Add($"table {table}");
            var columns = await RowsAsync(connection, $"SELECT name, \"notnull\", pk FROM pragma_table_info('{table}') ORDER BY pk, cid");
            // A primary key column is NOT NULL in PostgreSQL whether or not it says so; SQLite's rowid alias does not say so.
            facts.AddRange(columns.Select(c => $"column {table}.{c[0]} {(Convert.ToInt64(c[1]) == 1 || Convert.ToInt64(c[2]) > 0 ? "not null" : "null")}"));
            var key = columns.Where(c => Convert.ToInt64(c[2]) > 0).OrderBy(c => Convert.ToInt64(c[2])).Select(c => (string)c[0]!);
            facts.Add($"primary key {table} ({string.Join(", ", key)})");
            foreach (var index in await RowsAsync(connection, $"SELECT name, \"unique\", origin, partial FROM pragma_index_list('{table}') WHERE origin <> 'pk'"))
            {
                var on = string.Join(", ", await ColumnAsync(connection, $"SELECT name FROM pragma_index_info('{index[0]}') ORDER BY seqno"));
                facts.Add((string)index[2]! == "u"
                    ? $"unique {table} ({on})"
                    : $"index {index[0]} on {table} ({on}){(Convert.ToInt64(index[1]) == 1 ? " unique" : "")}{(Convert.ToInt64(index[3]) == 1 ? " partial" : "")}");
            }
        }

        facts.Sort(StringComparer.Ordinal);
        return facts;
    }

    private async Task<List<string>> DescribePostgresAsync()
    {
        await using var connection = new NpgsqlConnection(_postgres.ConnectionString);
        await connection.OpenAsync();
        var facts = new List<string>();
        foreach (var table in await ColumnAsync(connection,
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"))
        {
            facts.Add($"table {table}");
            facts.AddRange((await RowsAsync(connection,
                $"SELECT column_name::text, is_nullable::text FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '{table}'"))
                .Select(c => $"column {table}.{c[0]} {((string)c[1]! == "NO" ? "not null" : "null")}"));
            foreach (var index in await RowsAsync(connection, $"""
                SELECT i.relname::text, ix.indisunique, ix.indisprimary, ix.indpred IS NOT NULL,
                    EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid),
                    array_to_string(ARRAY(SELECT a.attname FROM unnest(ix.indkey) WITH ORDINALITY AS k (attnum, ord)
                        JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum ORDER BY k.ord), ', ')
                FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid
                WHERE ix.indrelid = '{table}'::regclass
                """))
            {
                facts.Add((bool)index[2]!
                    ? $"primary key {table} ({index[5]})"
                    : (bool)index[4]!
                        ? $"unique {table} ({index[5]})"
                        : $"index {index[0]} on {table} ({index[5]}){((bool)index[1]! ? " unique" : "")}{((bool)index[3]! ? " partial" : "")}");
            }
        }

        facts.Sort(StringComparer.Ordinal);
        return facts;
    }

    private static async Task<List<string>> ColumnAsync(DbConnection connection, string sql) =>
        [.. (await RowsAsync(connection, sql)).Select(row => (string)row[0]!)];

    private static async Task<List<object?[]>> RowsAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            reader.GetValues(row!);
            rows.Add(row);
        }

        return rows;
    }
}
