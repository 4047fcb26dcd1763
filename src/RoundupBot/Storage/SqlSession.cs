using System.Data.Common;
using System.Globalization;

namespace RoundupBot.Storage;

/// <summary>
/// One connection (and, inside a write, its transaction) as <see cref="SqlStore"/>'s statements see it: run a statement,
/// read rows, register what must happen only once the transaction has committed. Handed out by a <see cref="SqlExecutor"/>.
/// </summary>
/// <remarks>
/// Not Dapper, though the mirror serves it: Dapper's type handlers are global to the process, and the same
/// <see cref="DateTimeOffset"/> must bind as unix milliseconds for SQLite and as a typed <c>timestamptz</c> for PostgreSQL
/// (JSON as text or <c>jsonb</c>, lists as JSON or arrays) in one process; its mapping by column name would still need
/// hand-written code for <c>Source.Fetch</c> and the enum columns; and the hot paths (the item writers) bind prepared
/// statements by position, which Dapper does not. These three small types (binding through the dialect, reading by
/// ordinal) remove the same boilerplate and keep every statement's SQL in plain sight.
/// </remarks>
internal sealed class SqlSession(DbConnection connection, DbTransaction? transaction, SqlDialect dialect)
{
    private List<Action>? _afterCommit;

    public DbConnection Connection => connection;

    public DbTransaction? Transaction => transaction;

    public SqlDialect Dialect => dialect;

    public async Task<int> ExecuteAsync(string sql, Action<SqlArgs>? bind, CancellationToken cancellationToken)
    {
        await using var command = Command(sql, bind);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Runs a statement synchronously, for the one caller that may not await (<see cref="IRoundupStore.MarkDeliveryCommitted"/>).</summary>
    public int Execute(string sql, Action<SqlArgs>? bind)
    {
        using var command = Command(sql, bind);
        return command.ExecuteNonQuery();
    }

    public async Task<object?> ScalarAsync(string sql, Action<SqlArgs>? bind, CancellationToken cancellationToken)
    {
        await using var command = Command(sql, bind);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DBNull ? null : value;
    }

    /// <summary>A query's single integer (a count, a version); 0 when it returns no row or NULL.</summary>
    public async Task<long> ScalarLongAsync(string sql, Action<SqlArgs>? bind, CancellationToken cancellationToken) =>
        Convert.ToInt64(await ScalarAsync(sql, bind, cancellationToken) ?? 0L, CultureInfo.InvariantCulture);

    public async Task<List<T>> QueryAsync<T>(string sql, Action<SqlArgs>? bind, Func<SqlRow, T> map, CancellationToken cancellationToken)
    {
        await using var command = Command(sql, bind);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        var row = new SqlRow(reader, dialect);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(row));
        }

        return rows;
    }

    /// <summary>
    /// Runs one statement once per row, in order (so when two rows hit the same key, the last one wins): as one batch
    /// (one round trip) where the provider has batches, else as one prepared statement executed again and again.
    /// </summary>
    public async Task ExecuteEachAsync<T>(string sql, IReadOnlyList<T> rows, Action<SqlArgs, T> bind, CancellationToken cancellationToken)
    {
        if (connection.CanCreateBatch)
        {
            await using var batch = connection.CreateBatch();
            batch.Transaction = transaction;
            foreach (var row in rows)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = sql;
                bind(new SqlArgs(command.Parameters, dialect), row);
                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
            return;
        }

        await using var each = Command(sql, null);
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            each.Parameters.Clear();
            bind(new SqlArgs(each.Parameters, dialect), row);
            await each.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Runs <paramref name="work"/> in a transaction of its own on this connection (a migration step).</summary>
    public async Task InTransactionAsync(Func<SqlSession, Task> work, CancellationToken cancellationToken)
    {
        await using var inner = await connection.BeginTransactionAsync(cancellationToken);
        await work(new SqlSession(connection, inner, dialect));
        await inner.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="hook"/> once the write has committed, and never when it rolls back or is run again: how a
    /// write tells in-memory state (a cache) about its change without a side effect a retry could repeat.
    /// </summary>
    public void AfterCommit(Action hook) => (_afterCommit ??= []).Add(hook);

    /// <summary>Called by the executor right after the commit.</summary>
    internal void Committed()
    {
        foreach (var hook in _afterCommit ?? [])
        {
            hook();
        }
    }

    private DbCommand Command(string sql, Action<SqlArgs>? bind)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        bind?.Invoke(new SqlArgs(command.Parameters, dialect));
        return command;
    }
}

/// <summary>Binds a statement's <c>@name</c> parameters through the dialect, so every value carries its type.</summary>
internal readonly struct SqlArgs(DbParameterCollection parameters, SqlDialect dialect)
{
    public SqlArgs Text(string name, string? value) => Add(name, SqlType.Text, value);

    public SqlArgs Long(string name, long value) => Add(name, SqlType.Long, value);

    public SqlArgs Int(string name, int? value) => Add(name, SqlType.Int, value);

    public SqlArgs Double(string name, double value) => Add(name, SqlType.Double, value);

    public SqlArgs Bool(string name, bool value) => Add(name, SqlType.Bool, value);

    public SqlArgs Time(string name, DateTimeOffset? value) => Add(name, SqlType.Time, value);

    public SqlArgs Json(string name, string? json) => Add(name, SqlType.Json, json);

    public SqlArgs Bytes(string name, byte[] value) => Add(name, SqlType.Bytes, value);

    public SqlArgs Longs(string name, long[] values) => Add(name, SqlType.LongList, values);

    public SqlArgs Texts(string name, string[] values) => Add(name, SqlType.TextList, values);

    /// <summary>Binds <paramref name="value"/> (null: SQL NULL) as <paramref name="type"/>, for a value typed only at run time.</summary>
    public SqlArgs Add(string name, SqlType type, object? value)
    {
        parameters.Add(dialect.Parameter(name, type, value));
        return this;
    }
}

/// <summary>The current row of a reader, read the same way whatever the database (times through the dialect).</summary>
internal readonly struct SqlRow(DbDataReader reader, SqlDialect dialect)
{
    public long Long(int ordinal) => reader.GetInt64(ordinal);

    public int Int(int ordinal) => reader.GetInt32(ordinal);

    /// <summary>A <c>COUNT(*)</c>: SQLite's is an integer, PostgreSQL's a bigint.</summary>
    public int Count(int ordinal) => Convert.ToInt32(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    public int? IntOrNull(int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);

    public double Double(int ordinal) => reader.GetDouble(ordinal);

    /// <summary>A boolean column or expression (SQLite's are integers).</summary>
    public bool Bool(int ordinal) => reader.GetBoolean(ordinal);

    public string Text(int ordinal) => reader.GetString(ordinal);

    public string? TextOrNull(int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public DateTimeOffset Time(int ordinal) => dialect.ReadTime(reader, ordinal);

    public DateTimeOffset? TimeOrNull(int ordinal) => reader.IsDBNull(ordinal) ? null : dialect.ReadTime(reader, ordinal);

    public byte[] Bytes(int ordinal) => reader.GetFieldValue<byte[]>(ordinal);
}
