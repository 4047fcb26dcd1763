using System.Data;
using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using Npgsql;

namespace RoundupBot.Storage.Postgres;

/// <summary>
/// The <see cref="IRoundupStore"/> for several <c>roundup serve</c> instances sharing one PostgreSQL database. Same
/// contract and same results as <c>SqliteStore</c>; call <see cref="MigrateAsync"/> once before anything else. Every
/// operation borrows a pooled connection from one <see cref="NpgsqlDataSource"/>, so calls run in parallel, within this
/// process and across processes: the database's locks, not a lock in this process, keep them correct. Dispose it to
/// close the pool.
/// </summary>
public sealed partial class PostgresStore : IRoundupStore, IAsyncDisposable, IDisposable
{
    // Advisory lock keys, each an arbitrary constant of ours (advisory locks are per database).
    // "RoundupM": held while migrating, so two instances starting together on an empty database migrate once.
    private const long MigrationLockKey = 0x526F_756E_6475_704D;

    // A transaction that fails on a deadlock or a serialization failure did nothing; it is run again, this many times in all.
    private const int MaxAttempts = 5;

    private readonly NpgsqlDataSource _dataSource;
    private readonly string _displayName;
    private readonly TimeProvider _timeProvider;

    /// <summary>Uses the database an Npgsql connection string names (<c>Host=db;Database=roundup;Username=roundup;Password=…</c>).</summary>
    /// <param name="connectionString">Pooling is on unless the string turns it off. Nothing connects until the first call.</param>
    /// <param name="timeProvider">Gives the times the caller does not: when a source was added, when a migration ran.</param>
    /// <exception cref="StoreException">The connection string cannot be parsed (its text is not echoed: it may hold a password).</exception>
    public PostgresStore(string connectionString, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var builder = ParseConnectionString(connectionString);
        // Names our sessions in pg_stat_activity and the server's log, unless the operator chose a name.
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = "roundup";
        }

        _displayName = Describe(builder);
        _timeProvider = timeProvider;
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    /// <summary>The schema version this program writes; a database at a higher version is refused.</summary>
    public static int SchemaVersion => PostgresMigrations.LatestVersion;

    /// <summary>
    /// Parses an Npgsql connection string. Thrown messages never quote the string, since a password may be in it
    /// (or, with an unquoted ';', be split into what looks like a keyword).
    /// </summary>
    /// <exception cref="StoreException">It is not a valid Npgsql connection string.</exception>
    internal static NpgsqlConnectionStringBuilder ParseConnectionString(string connectionString)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            throw new StoreException(
                "Storage:ConnectionString is not a valid Npgsql connection string: expected Key=Value pairs separated by ';' " +
                "such as Host=db;Port=5432;Database=roundup;Username=roundup;Password=..., with known keys and values of the " +
                "right type (quote a value that contains ';').", ex);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Runs under a session advisory lock: a second instance starting at the same moment waits, then finds every
    /// migration applied. Each migration is one transaction (PostgreSQL's DDL is transactional), recorded in
    /// <c>schema_migrations</c> with it.
    /// </remarks>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        try
        {
            await ExecuteAsync(connection, null, "SELECT pg_advisory_lock(@key)", c => c.Parameters.AddLong("key", MigrationLockKey), cancellationToken);
            try
            {
                await ExecuteAsync(connection, null,
                    "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL)",
                    null, cancellationToken);
                var current = await CurrentVersionAsync(connection, cancellationToken);
                if (current > PostgresMigrations.LatestVersion)
                {
                    throw new StoreException(
                        $"Database {_displayName}: schema version {current} is newer than this program's {PostgresMigrations.LatestVersion}; upgrade roundup.");
                }

                for (var version = current + 1; version <= PostgresMigrations.LatestVersion; version++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                    await ExecuteAsync(connection, transaction, PostgresMigrations.All[version - 1], null, cancellationToken);
                    var applied = version;
                    await ExecuteAsync(connection, transaction, "INSERT INTO schema_migrations (version, applied_at) VALUES (@version, @appliedAt)", c =>
                    {
                        c.Parameters.AddInt("version", applied);
                        c.Parameters.AddTime("appliedAt", _timeProvider.GetUtcNow());
                    }, cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                }
            }
            finally
            {
                // Also released when the connection closes, should this fail (a broken connection is not pooled again).
                if (connection.FullState == ConnectionState.Open)
                {
                    await ExecuteAsync(connection, null, "SELECT pg_advisory_unlock(@key)", c => c.Parameters.AddLong("key", MigrationLockKey), CancellationToken.None);
                }
            }
        }
        catch (NpgsqlException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StoreException(
                $"Database {_displayName}: migration failed ({Reason(ex)}); check that the user may create tables in that database.", ex);
        }
    }

    /// <inheritdoc />
    public Task CheckSchemaAsync(CancellationToken cancellationToken) => RunAsync("checking the schema", async connection =>
    {
        await using var exists = new NpgsqlCommand("SELECT to_regclass('schema_migrations') IS NOT NULL", connection);
        var current = (bool)(await exists.ExecuteScalarAsync(cancellationToken))! ? await CurrentVersionAsync(connection, cancellationToken) : 0;
        if (current != PostgresMigrations.LatestVersion)
        {
            throw new StoreException(StoreException.SchemaMismatch(_displayName, current, PostgresMigrations.LatestVersion));
        }

        return current;
    }, cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    /// <inheritdoc />
    public void Dispose() => _dataSource.Dispose();

    private static async Task<int> CurrentVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>A pooled connection, open.</summary>
    /// <exception cref="StoreException">The server cannot be reached, refuses the login, or has no such database.</exception>
    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _dataSource.OpenConnectionAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or SocketException && !cancellationToken.IsCancellationRequested)
        {
            throw CannotConnect(ex);
        }
    }

    private NpgsqlConnection Open()
    {
        try
        {
            return _dataSource.OpenConnection();
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or SocketException)
        {
            throw CannotConnect(ex);
        }
    }

    private StoreException CannotConnect(Exception ex) => new(
        $"Cannot connect to the PostgreSQL database {_displayName} ({Reason(ex)}); check Storage:ConnectionString and that the server is running and reachable.",
        ex);

    /// <summary>Runs <paramref name="work"/> on a pooled connection; a database error becomes a <see cref="StoreException"/> naming <paramref name="what"/>.</summary>
    private async Task<T> RunAsync<T>(string what, Func<NpgsqlConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        try
        {
            return await work(connection);
        }
        catch (NpgsqlException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Failed(what, ex);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction and commits it. A deadlock or serialization failure (another
    /// instance got there first) rolls it back and runs it again from the start; other database errors become a
    /// <see cref="StoreException"/> naming <paramref name="what"/>.
    /// </summary>
    private async Task<T> InTransactionAsync<T>(
        string what, Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken cancellationToken,
        IsolationLevel isolation = IsolationLevel.ReadCommitted)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await OpenAsync(cancellationToken);
            try
            {
                await using var transaction = await connection.BeginTransactionAsync(isolation, cancellationToken);
                var result = await work(connection, transaction);
                await transaction.CommitAsync(cancellationToken);
                return result;
            }
            catch (PostgresException ex) when (IsRetryable(ex) && attempt < MaxAttempts && !cancellationToken.IsCancellationRequested)
            {
                // Everything was rolled back; the next attempt reads what the other transaction committed.
            }
            catch (NpgsqlException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw Failed(what, ex);
            }
        }
    }

    private static bool IsRetryable(PostgresException ex) =>
        ex.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure
        // An item's key taken by another instance between this transaction's lookup and its update: look again.
        || (ex.SqlState == PostgresErrorCodes.UniqueViolation && ex.ConstraintName == "items_canonical_key_key");

    private StoreException Failed(string what, NpgsqlException ex) =>
        new($"Database {_displayName}: {what} failed ({Reason(ex)}); check that the server is running and reachable.", ex);

    /// <summary>What went wrong, in one line and without the connection string.</summary>
    private static string Reason(Exception ex) => ex switch
    {
        PostgresException pg => $"{pg.SqlState}: {pg.MessageText}",
        { InnerException: SocketException socket } => $"{ex.Message}: {socket.Message}",
        { InnerException: TimeoutException timeout } => $"{ex.Message}: {timeout.Message}",
        _ => ex.Message,
    };

    /// <summary>user@host:port/database, never the password.</summary>
    private static string Describe(NpgsqlConnectionStringBuilder builder) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{(string.IsNullOrEmpty(builder.Username) ? "" : builder.Username + "@")}{builder.Host}:{builder.Port}/{builder.Database}");

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql) => new(sql, connection, transaction);

    private static async Task<int> ExecuteAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, Action<NpgsqlCommand>? bind, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql);
        bind?.Invoke(command);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal static string ToJson(IReadOnlyList<string> list) =>
        list.Count == 0 ? "[]" : JsonSerializer.Serialize(list, StoreJsonContext.Default.IReadOnlyListString);

    internal static string[] FromJsonList(string? json) =>
        string.IsNullOrEmpty(json) || json == "[]" ? [] : JsonSerializer.Deserialize(json, StoreJsonContext.Default.StringArray) ?? [];
}
