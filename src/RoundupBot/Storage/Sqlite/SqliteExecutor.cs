using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace RoundupBot.Storage.Sqlite;

/// <summary>
/// SQLite's connections and concurrency: one file in WAL mode; every write goes through one dedicated connection under
/// one lock (SQLite has one writer anyway), so writes never wait on the file's lock; reads use pooled connections and
/// run alongside writes. Item upserts that arrive while another write runs are written together (group commit).
/// </summary>
internal sealed class SqliteExecutor : SqlExecutor
{
    /// <summary>How long one group of item writes may go on taking writes that arrive meanwhile before it commits.</summary>
    internal static readonly TimeSpan MaxGroupTime = TimeSpan.FromMilliseconds(250);

    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Lock _pendingLock = new();
    private readonly List<GroupedWrite> _pending = [];
    private readonly List<SqliteItemWriter> _itemWriters = [];
    private SqliteConnection? _writeConnection;
    private bool _disposed;

    public SqliteExecutor(SqliteConnectionStringBuilder builder)
        : base(SqliteDialect.Instance, builder.DataSource)
    {
        builder.Mode = SqliteOpenMode.ReadWriteCreate;
        builder.Pooling = true;
        builder.ForeignKeys = true;
        _connectionString = builder.ToString();
        EnsureDirectory(builder.DataSource);
    }

    public override async Task<T> ReadAsync<T>(string what, Func<SqlSession, Task<T>> work, CancellationToken cancellationToken, bool snapshot = false)
    {
        await using var connection = Open();
        try
        {
            // A deferred transaction reads one snapshot of the WAL, whatever the writer commits meanwhile.
            await using var transaction = snapshot ? connection.BeginTransaction(deferred: true) : null;
            return await work(new SqlSession(connection, transaction, Dialect));
        }
        catch (SqliteException ex)
        {
            throw Failed(what, ex);
        }
    }

    public override async Task<T> WriteAsync<T>(string what, Func<SqlSession, Task<T>> work, CancellationToken cancellationToken, bool atomic = true)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var connection = WriteConnection();
            await using var transaction = atomic ? connection.BeginTransaction() : null;
            var session = new SqlSession(connection, transaction, Dialect);
            var result = await work(session);
            transaction?.Commit();
            session.Committed();
            return result;
        }
        catch (SqliteException ex)
        {
            throw Failed(what, ex);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public override void Write(string what, Action<SqlSession> work)
    {
        _writeLock.Wait();
        try
        {
            work(new SqlSession(WriteConnection(), null, Dialect));
        }
        catch (SqliteException ex)
        {
            throw Failed(what, ex);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public override async Task MigrateAsync(Func<SqlSession, Task> work, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await work(new SqlSession(WriteConnection(), null, Dialect));
        }
        catch (SqliteException ex)
        {
            throw new StoreException($"Database {DisplayName}: migration failed ({ex.Message}); check the file and its permissions.", ex);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    /// <remarks><paramref name="timeout"/> is not enforced: in WAL mode a read does not wait for writers, so a local file answers or fails at once.</remarks>
    public override Task PingAsync(string sql, TimeSpan timeout, CancellationToken cancellationToken) =>
        ReadAsync("checking the database", session => session.ScalarAsync(sql, null, cancellationToken), cancellationToken);

    /// <summary>
    /// Runs <paramref name="body"/> on the write connection, in one transaction with every other grouped write waiting
    /// at that moment and those that arrive while it is written (for up to <see cref="MaxGroupTime"/>), each in a
    /// savepoint of its own so that one failing (an unknown source, a cancelled caller) rolls back alone and calls its
    /// <paramref name="rolledBack"/>. Each caller gets its own result or exception, once the group has committed.
    /// </summary>
    public async Task<T> WriteGroupedAsync<T>(Func<SqliteTransaction, T> body, Action rolledBack, CancellationToken cancellationToken)
    {
        var write = new GroupedWrite<T>(body, rolledBack, cancellationToken);
        lock (_pendingLock)
        {
            _pending.Add(write);
        }

        try
        {
            await _writeLock.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (!write.TryCancel())
        {
            // Another caller's transaction already took this write; its outcome is ours.
            return await write.Task;
        }

        try
        {
            // Another caller may have written this one while we waited for the lock.
            if (!write.IsCompleted)
            {
                WritePending();
            }
        }
        finally
        {
            _writeLock.Release();
        }

        return await write.Task;
    }

    public override IItemWriter CreateItemWriter()
    {
        var writer = new SqliteItemWriter(this);
        // Its prepared statements live on the write connection and are closed before it, under the write lock.
        _itemWriters.Add(writer);
        return writer;
    }

    public override async ValueTask DisposeAsync()
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

    public override void Dispose()
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

    [SuppressMessage("Design", "CA1031:Do not catch general exception types",
        Justification = "Every failure is handed to the waiting callers through their writes, not thrown on one of them.")]
    private void WritePending()
    {
        var taken = TakePending();
        if (taken.Count == 0)
        {
            return;
        }

        var failures = new List<Exception?>();
        try
        {
            using var transaction = WriteConnection().BeginTransaction();
            var started = Stopwatch.GetTimestamp();
            // Writes that arrive while the group is being written join it, up to MaxGroupTime: each commit writes every
            // page the group touched to the WAL again, index pages above all, so fewer and larger groups write less.
            for (var next = 0; next < taken.Count; next++)
            {
                failures.Add(Run(taken[next], transaction));
                if (next == taken.Count - 1 && Stopwatch.GetElapsedTime(started) < MaxGroupTime)
                {
                    taken.AddRange(TakePending());
                }
            }

            transaction.Commit();
        }
        catch (Exception ex)
        {
            foreach (var write in taken)
            {
                write.RolledBack();
                write.Fail(ex is SqliteException sqlite ? Failed("storing items", sqlite) : ex);
            }

            return;
        }

        for (var i = 0; i < taken.Count; i++)
        {
            if (failures[i] is { } failure)
            {
                taken[i].Fail(failure);
            }
            else
            {
                taken[i].Complete();
            }
        }
    }

    /// <summary>The grouped writes waiting now that no caller has withdrawn.</summary>
    private List<GroupedWrite> TakePending()
    {
        lock (_pendingLock)
        {
            var taken = _pending.Where(w => w.TryTake()).ToList();
            _pending.Clear();
            return taken;
        }
    }

    /// <summary>Runs one write in a savepoint of its own; its failure (returned) rolls back only that savepoint.</summary>
    private Exception? Run(GroupedWrite write, SqliteTransaction transaction)
    {
        transaction.Save("grouped");
        try
        {
            write.CancellationToken.ThrowIfCancellationRequested();
            write.Run(transaction);
            transaction.Release("grouped");
            return null;
        }
        catch (Exception ex) when (ex is StoreException or OperationCanceledException or SqliteException)
        {
            write.RolledBack();
            transaction.Rollback("grouped");
            transaction.Release("grouped");
            return ex is SqliteException sqlite ? Failed("storing items", sqlite) : ex;
        }
    }

    private void DisposeCore()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var disposable in _itemWriters)
        {
            disposable.Dispose();
        }

        _writeConnection?.Dispose();
        // Pooled read connections would otherwise keep the file (and its -wal) open after the store is gone.
        using var pooled = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(pooled);
    }

    /// <summary>The one connection writes go through; callers hold <see cref="_writeLock"/>.</summary>
    private SqliteConnection WriteConnection()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_writeConnection is null)
        {
            var connection = Open();
            using (var wal = connection.CreateCommand())
            {
                // WAL lets readers run while a fetch writes; it is a property of the file and sticks.
                // The writer gets a bigger page cache (16 MB) because a fetch touches every key and title index.
                // Statement journals (the savepoint of each grouped write) stay in memory: as temporary files they were
                // 72 MB of the 166 MB a fetch of the 200-feed benchmark wrote for a 22 MB database (83 MB now).
                wal.CommandText = "PRAGMA journal_mode = WAL; PRAGMA cache_size = -16384; PRAGMA temp_store = MEMORY;";
                wal.ExecuteNonQuery();
            }

            _writeConnection = connection;
        }

        return _writeConnection;
    }

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
            throw new StoreException($"Cannot open the database {DisplayName} ({ex.Message}); check the path and its permissions.", ex);
        }
    }

    private StoreException Failed(string what, SqliteException ex) =>
        new($"Database {DisplayName}: {what} failed ({ex.Message}); check the file and its permissions.", ex);

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
}
