using System.Data;
using System.Globalization;
using System.Net.Sockets;
using Npgsql;

namespace RoundupBot.Storage.Postgres;

/// <summary>
/// PostgreSQL's connections and concurrency: every operation borrows a pooled connection from one
/// <see cref="NpgsqlDataSource"/>, so calls run in parallel, within this process and across processes, and the
/// database's locks keep them correct. A write that fails on a deadlock or a serialization failure did nothing and is
/// run again from the start; migrations run under an advisory lock, so instances starting together migrate once.
/// </summary>
internal sealed class PostgresExecutor : SqlExecutor
{
    // "RoundupM": held while migrating, so two instances starting together on an empty database migrate once.
    private const long MigrationLockKey = 0x526F_756E_6475_704D;

    // A transaction that fails on a deadlock or a serialization failure did nothing; it is run again, this many times in all.
    private const int MaxAttempts = 5;

    private readonly NpgsqlDataSource _dataSource;

    public PostgresExecutor(NpgsqlConnectionStringBuilder builder)
        : base(PostgresDialect.Instance, Describe(builder))
    {
        _dataSource = NpgsqlDataSource.Create(builder);
    }

    public override async Task<T> ReadAsync<T>(string what, Func<SqlSession, Task<T>> work, CancellationToken cancellationToken, bool snapshot = false)
    {
        if (snapshot)
        {
            return await InTransactionAsync(what, work, IsolationLevel.RepeatableRead, cancellationToken);
        }

        await using var connection = await OpenAsync(cancellationToken);
        try
        {
            return await work(new SqlSession(connection, null, Dialect));
        }
        catch (NpgsqlException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Failed(what, ex);
        }
    }

    public override Task<T> WriteAsync<T>(string what, Func<SqlSession, Task<T>> work, CancellationToken cancellationToken, bool atomic = true) =>
        atomic ? InTransactionAsync(what, work, IsolationLevel.ReadCommitted, cancellationToken) : ReadAsync(what, work, cancellationToken);

    /// <inheritdoc />
    /// <remarks>Synchronous on purpose: it uses Npgsql's blocking calls on a pooled connection.</remarks>
    public override void Write(string what, Action<SqlSession> work)
    {
        NpgsqlConnection connection;
        try
        {
            connection = _dataSource.OpenConnection();
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or SocketException)
        {
            throw CannotConnect(ex);
        }

        using (connection)
        {
            try
            {
                work(new SqlSession(connection, null, Dialect));
            }
            catch (NpgsqlException ex)
            {
                throw Failed(what, ex);
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Runs under a session advisory lock: a second instance starting at the same moment waits, then finds every
    /// migration applied. PostgreSQL's DDL is transactional, so each migration commits whole or not at all.
    /// </remarks>
    public override async Task MigrateAsync(Func<SqlSession, Task> work, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var session = new SqlSession(connection, null, Dialect);
        try
        {
            await session.ExecuteAsync("SELECT pg_advisory_lock(@key)", a => a.Long("key", MigrationLockKey), cancellationToken);
            try
            {
                await work(session);
            }
            finally
            {
                // Also released when the connection closes, should this fail (a broken connection is not pooled again).
                if (connection.FullState == ConnectionState.Open)
                {
                    await session.ExecuteAsync("SELECT pg_advisory_unlock(@key)", a => a.Long("key", MigrationLockKey), CancellationToken.None);
                }
            }
        }
        catch (NpgsqlException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StoreException(
                $"Database {DisplayName}: migration failed ({Reason(ex)}); check that the user may create tables in that database.", ex);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// When the pooled connection it is given turns out dead (the server restarted since it was last used), the
    /// question is asked once more: Npgsql has discarded that connection, and on a server's shutdown notice the rest
    /// of the pool with it, so the second answer comes from a new connection and says whether the server is there now.
    /// </remarks>
    public override async Task PingAsync(string sql, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await Deadline.RunAsync(async token =>
            {
                for (var attempt = 1; ; attempt++)
                {
                    await using var connection = await OpenAsync(token);
                    try
                    {
                        await new SqlSession(connection, null, Dialect).ScalarAsync(sql, null, token);
                        return;
                    }
                    catch (NpgsqlException ex) when (!token.IsCancellationRequested && attempt == 1 && IsDeadConnection(ex))
                    {
                    }
                    catch (NpgsqlException ex) when (!token.IsCancellationRequested)
                    {
                        throw Failed("checking the database", ex);
                    }
                }
            }, timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new StoreException(string.Create(CultureInfo.InvariantCulture,
                $"Database {DisplayName}: no answer within {timeout.TotalSeconds:0.#} s; check that the server is running and reachable."));
        }
    }

    public override IItemWriter CreateItemWriter() => new PostgresItemWriter(this);

    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public override void Dispose() => _dataSource.Dispose();

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

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction and commits it, then its after-commit hooks. A deadlock or
    /// serialization failure (another instance got there first) rolls it back and runs it again from the start.
    /// </summary>
    private async Task<T> InTransactionAsync<T>(string what, Func<SqlSession, Task<T>> work, IsolationLevel isolation, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await OpenAsync(cancellationToken);
            try
            {
                await using var transaction = await connection.BeginTransactionAsync(isolation, cancellationToken);
                var session = new SqlSession(connection, transaction, Dialect);
                var result = await work(session);
                await transaction.CommitAsync(cancellationToken);
                session.Committed();
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

    private static bool IsRetryable(PostgresException ex) =>
        ex.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure
        // An item's key taken by another instance between this transaction's lookup and its update: look again.
        || (ex.SqlState == PostgresErrorCodes.UniqueViolation && ex.ConstraintName == "items_canonical_key_key");

    /// <summary>
    /// True when <paramref name="ex"/> says the connection itself is gone (the server shut down, crashed or restarted,
    /// or the network dropped it) rather than that the server refused one statement.
    /// </summary>
    private static bool IsDeadConnection(NpgsqlException ex) =>
        ex is not PostgresException pg
        || pg.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow;

    private StoreException CannotConnect(Exception ex) => new(
        $"Cannot connect to the PostgreSQL database {DisplayName} ({Reason(ex)}); check Storage:ConnectionString and that the server is running and reachable.",
        ex);

    private StoreException Failed(string what, NpgsqlException ex) =>
        new($"Database {DisplayName}: {what} failed ({Reason(ex)}); check that the server is running and reachable.", ex);

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
}
