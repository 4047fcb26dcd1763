using System.Globalization;
using System.Text;
using RoundupBot.Storage.Postgres;
using RoundupBot.Storage.Sqlite;

namespace RoundupBot.Storage;

/// <summary>
/// The store's schema as SQL, for an administrator to apply by hand where the program's database user may not create
/// tables (<c>roundup schema print</c>, which follows it with the scheduler's tables): the store's migrations, recorded
/// in <c>schema_migrations</c> as start-up would record them.
/// </summary>
public static class SchemaScript
{
    /// <summary>The script for an empty database of the configured provider.</summary>
    public static string For(StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var postgres = options.IsPostgres;
        var migrations = postgres ? PostgresMigrations.All : SqliteMigrations.All;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"-- RoundupBot schema version {migrations.Count} for {(postgres ? "PostgreSQL" : "SQLite")}, for an empty database.");
        text.AppendLine("-- 'roundup schema apply' does the same, and also upgrades a database made by an earlier version.");
        text.AppendLine("BEGIN;");
        text.AppendLine((postgres ? PostgresDialect.Instance.CreateMigrationsTable : SqliteDialect.Instance.CreateMigrationsTable) + ";");
        for (var version = 1; version <= migrations.Count; version++)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"-- migration {version}");
            text.AppendLine(migrations[version - 1].Trim().TrimEnd(';') + ";");
            var now = postgres ? "now()" : "CAST(unixepoch('subsec') * 1000 AS INTEGER)";
            text.AppendLine(CultureInfo.InvariantCulture, $"INSERT INTO schema_migrations (version, applied_at) VALUES ({version}, {now});");
        }

        text.AppendLine("COMMIT;");
        text.AppendLine();
        return text.ToString();
    }
}
