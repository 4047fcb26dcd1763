namespace RoundupBot.Storage;

/// <summary>
/// Owns one database's connections and concurrency for <see cref="SqlStore"/>: where a statement runs, in which
/// transaction, what is retried, and how a database error becomes a <see cref="StoreException"/> naming what failed.
/// </summary>
internal abstract class SqlExecutor(SqlDialect dialect, string displayName) : IAsyncDisposable, IDisposable
{
    public SqlDialect Dialect => dialect;

    /// <summary>The database as messages name it (a path, or user@host:port/database; never a password).</summary>
    public string DisplayName => displayName;

    /// <summary>
    /// Runs reads; with <c>snapshot</c>, every statement of the work sees one snapshot. <c>what</c> says what is being
    /// done, for the error message ("reading sources").
    /// </summary>
    public abstract Task<T> ReadAsync<T>(string what, Func<SqlSession, Task<T>> work, CancellationToken cancellationToken, bool snapshot = false);

    /// <summary>
    /// Runs <paramref name="work"/> as one transaction and commits it, then runs its <see cref="SqlSession.AfterCommit"/>
    /// hooks. The executor may run it more than once (PostgreSQL, after a deadlock), so it must do nothing outside the
    /// database before it returns. With <paramref name="atomic"/> false, a single statement runs without an explicit transaction.
    /// </summary>
    public abstract Task<T> WriteAsync<T>(string what, Func<SqlSession, Task<T>> work, CancellationToken cancellationToken, bool atomic = true);

    /// <summary>The same, for work that returns nothing.</summary>
    public Task WriteAsync(string what, Func<SqlSession, Task> work, CancellationToken cancellationToken, bool atomic = true) =>
        WriteAsync(what, async session => { await work(session); return true; }, cancellationToken, atomic);

    /// <summary>Runs one statement synchronously, outside a transaction (see <see cref="IRoundupStore.MarkDeliveryCommitted"/>).</summary>
    public abstract void Write(string what, Action<SqlSession> work);

    /// <summary>Runs <paramref name="work"/> on one connection that no other migration uses meanwhile, in this process or another.</summary>
    public abstract Task MigrateAsync(Func<SqlSession, Task> work, CancellationToken cancellationToken);

    /// <summary>Asks the database one cheap question within <paramref name="timeout"/>; see <see cref="IRoundupStore.PingAsync"/>.</summary>
    public abstract Task PingAsync(string sql, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>The provider's writer of fetched items, which works on this executor's connections.</summary>
    public abstract IItemWriter CreateItemWriter();

    public abstract ValueTask DisposeAsync();

    public abstract void Dispose();
}
