using Microsoft.Data.Sqlite;

namespace RoundupBot.Storage.Sqlite;

/// <summary>
/// The default <see cref="IRoundupStore"/>: one SQLite file in WAL mode, with <see cref="SqlStore"/>'s statements over
/// <see cref="SqliteDialect"/>. Writes are serialized over one dedicated connection (SQLite has one writer anyway);
/// reads use pooled connections and run alongside writes. Call <see cref="SqlStore.MigrateAsync(CancellationToken)"/>
/// once before anything else; dispose it to close the file.
/// </summary>
public sealed class SqliteStore : SqlStore
{
    /// <summary>Opens (and on first use creates) the database file at <paramref name="databasePath"/>, creating its directory if needed.</summary>
    /// <param name="databasePath">A file path, for example <c>data/roundup.db</c>.</param>
    /// <param name="timeProvider">Gives the times the caller does not: when a source was added, when a migration ran.</param>
    public SqliteStore(string databasePath, TimeProvider timeProvider)
        : base(new SqliteExecutor(BuildFromPath(databasePath)), SqliteMigrations.All, timeProvider)
    {
    }

    /// <summary>The schema version this program writes; a database at a higher version is refused.</summary>
    public static int SchemaVersion => SqliteMigrations.LatestVersion;

    private static SqliteConnectionStringBuilder BuildFromPath(string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        return new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(databasePath) };
    }
}
