using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace RoundupBot.Storage.Sqlite;

/// <summary>
/// The default <see cref="IRoundupStore"/>: one SQLite file in WAL mode. Call <see cref="MigrateAsync"/> once before
/// anything else. Writes are serialized inside the store over one dedicated connection (SQLite has one writer
/// anyway); reads use pooled connections and run alongside writes. Dispose it to close the file.
/// </summary>
public sealed partial class SqliteStore : IRoundupStore, IAsyncDisposable, IDisposable
{
    private readonly string _connectionString;
    private readonly string _displayName;
    private readonly TimeProvider _timeProvider;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private SqliteConnection? _writeConnection;
    private SqliteItemWriter? _itemWriter;
    private bool _disposed;

    /// <summary>Opens (and on first use creates) the database file at <paramref name="databasePath"/>, creating its directory if needed.</summary>
    /// <param name="databasePath">A file path, for example <c>data/roundup.db</c>.</param>
    /// <param name="timeProvider">Gives the times the caller does not: when a source was added, when a migration ran.</param>
    public SqliteStore(string databasePath, TimeProvider timeProvider)
        : this(BuildFromPath(databasePath), timeProvider)
    {
    }

    private SqliteStore(SqliteConnectionStringBuilder builder, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        builder.Mode = SqliteOpenMode.ReadWriteCreate;
        builder.Pooling = true;
        builder.ForeignKeys = true;
        _connectionString = builder.ToString();
        _displayName = builder.DataSource;
        _timeProvider = timeProvider;
        EnsureDirectory(builder.DataSource);
    }

    /// <summary>Opens the database a Microsoft.Data.Sqlite connection string names (<c>Data Source=data/roundup.db</c>).</summary>
    public static SqliteStore FromConnectionString(string connectionString, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return new SqliteStore(new SqliteConnectionStringBuilder(connectionString), timeProvider);
    }

    /// <summary>The schema version this program writes; a database at a higher version is refused.</summary>
    public static int SchemaVersion => SqliteMigrations.LatestVersion;

    /// <inheritdoc />
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var connection = GetWriteConnection();
            using (var create = connection.CreateCommand())
            {
                create.CommandText = "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)";
                create.ExecuteNonQuery();
            }

            var current = CurrentVersion(connection);
            if (current > SqliteMigrations.LatestVersion)
            {
                throw new StoreException(
                    $"Database {_displayName}: schema version {current} is newer than this program's {SqliteMigrations.LatestVersion}; upgrade roundup.");
            }

            for (var version = current + 1; version <= SqliteMigrations.LatestVersion; version++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var transaction = connection.BeginTransaction();
                using (var migrate = connection.CreateCommand())
                {
                    migrate.Transaction = transaction;
                    migrate.CommandText = SqliteMigrations.All[version - 1];
                    migrate.ExecuteNonQuery();
                }

                using (var record = connection.CreateCommand())
                {
                    record.Transaction = transaction;
                    record.CommandText = "INSERT INTO schema_migrations (version, applied_at) VALUES ($version, $appliedAt)";
                    record.Parameters.AddWithValue("$version", version);
                    record.Parameters.AddWithValue("$appliedAt", ToUnixMs(_timeProvider.GetUtcNow()));
                    record.ExecuteNonQuery();
                }

                transaction.Commit();
            }
        }
        catch (SqliteException ex)
        {
            throw new StoreException($"Database {_displayName}: migration failed ({ex.Message}); check the file and its permissions.", ex);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _writeLock.WaitAsync();
        try
        {
            DisposeCore();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _writeLock.Wait();
        try
        {
            DisposeCore();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private void DisposeCore()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _itemWriter?.Dispose();
        _writeConnection?.Dispose();
        // Pooled read connections would otherwise keep the file (and its -wal) open after the store is gone.
        using var pooled = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(pooled);
    }

    /// <inheritdoc />
    public async Task CheckSchemaAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var connection = GetWriteConnection();
            using var exists = connection.CreateCommand();
            exists.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";
            var current = Convert.ToInt64(exists.ExecuteScalar(), CultureInfo.InvariantCulture) == 0 ? 0 : CurrentVersion(connection);
            if (current != SqliteMigrations.LatestVersion)
            {
                throw new StoreException(StoreException.SchemaMismatch(_displayName, current, SqliteMigrations.LatestVersion));
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static int CurrentVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>The one connection writes go through; callers hold <see cref="_writeLock"/>.</summary>
    private SqliteConnection GetWriteConnection()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_writeConnection is null)
        {
            var connection = Open();
            using (var wal = connection.CreateCommand())
            {
                // WAL lets readers run while a fetch writes; it is a property of the file and sticks.
                // The writer gets a bigger page cache (16 MB) because a fetch touches every key and title index.
                wal.CommandText = "PRAGMA journal_mode = WAL; PRAGMA cache_size = -16384;";
                wal.ExecuteNonQuery();
            }

            _writeConnection = connection;
        }

        return _writeConnection;
    }

    private SqliteItemWriter GetItemWriter() => _itemWriter ??= new SqliteItemWriter(GetWriteConnection());

    private SqliteConnection Open()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var pragma = connection.CreateCommand();
            // NORMAL is durable in WAL mode except for the last commits on power loss, which a re-fetch restores.
            pragma.CommandText = "PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 10000;";
            pragma.ExecuteNonQuery();
            return connection;
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw new StoreException($"Cannot open the database {_displayName} ({ex.Message}); check the path and its permissions.", ex);
        }
    }

    private static SqliteConnectionStringBuilder BuildFromPath(string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        return new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(databasePath) };
    }

    private static void EnsureDirectory(string dataSource)
    {
        if (string.IsNullOrEmpty(dataSource)
            || dataSource == ":memory:"
            || dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
    }

    internal static long ToUnixMs(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    internal static object ToDb(DateTimeOffset? time) => time is { } t ? t.ToUnixTimeMilliseconds() : DBNull.Value;

    internal static object ToDb(string? text) => text is null ? DBNull.Value : text;

    internal static object ToDb(int? value) => value is { } v ? v : DBNull.Value;

    internal static DateTimeOffset FromUnixMs(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);

    internal static DateTimeOffset? ReadTime(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : FromUnixMs(reader.GetInt64(ordinal));

    internal static string? ReadString(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    internal static string ToJson(IReadOnlyList<string> list) =>
        list.Count == 0 ? "[]" : JsonSerializer.Serialize(list, StoreJsonContext.Default.IReadOnlyListString);

    internal static string[] FromJsonList(string? json) =>
        string.IsNullOrEmpty(json) || json == "[]" ? [] : JsonSerializer.Deserialize(json, StoreJsonContext.Default.StringArray) ?? [];
}
