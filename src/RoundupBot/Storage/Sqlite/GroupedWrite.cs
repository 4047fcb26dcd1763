using Microsoft.Data.Sqlite;

namespace RoundupBot.Storage.Sqlite;

/// <summary>
/// One caller's write waiting for <see cref="SqliteExecutor.WriteGroupedAsync{T}"/>. Whichever caller holds the write
/// lock takes every waiting write into one transaction (group commit), so 200 sources fetched at once cost a handful of
/// commits instead of 200. A write is either taken by a writer or cancelled by its caller, never both.
/// </summary>
internal abstract class GroupedWrite(CancellationToken cancellationToken)
{
    private const int Pending = 0;
    private const int Taken = 1;
    private const int Cancelled = 2;

    private int _state;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public abstract bool IsCompleted { get; }

    /// <summary>Claims the write for a transaction; false when its caller cancelled it first.</summary>
    public bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Pending) == Pending;

    /// <summary>Withdraws the write; false when a writer has already taken it (its result will follow).</summary>
    public bool TryCancel() => Interlocked.CompareExchange(ref _state, Cancelled, Pending) == Pending;

    /// <summary>Runs the write inside the group's transaction (in a savepoint of its own); the result is handed over by <see cref="Complete"/>.</summary>
    public abstract void Run(SqliteTransaction transaction);

    /// <summary>Tells the writer its work was rolled back (its savepoint, or the whole group's transaction).</summary>
    public abstract void RolledBack();

    /// <summary>Hands the caller the result <see cref="Run"/> produced, once the group has committed.</summary>
    public abstract void Complete();

    public abstract void Fail(Exception exception);
}

/// <inheritdoc />
internal sealed class GroupedWrite<T>(Func<SqliteTransaction, T> body, Action rolledBack, CancellationToken cancellationToken)
    : GroupedWrite(cancellationToken)
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;

    public Task<T> Task => _completion.Task;

    public override bool IsCompleted => _completion.Task.IsCompleted;

    public override void Run(SqliteTransaction transaction) => _result = body(transaction);

    public override void RolledBack() => rolledBack();

    public override void Complete() => _completion.TrySetResult(_result!);

    public override void Fail(Exception exception)
    {
        if (exception is OperationCanceledException)
        {
            _completion.TrySetCanceled(CancellationToken);
        }
        else
        {
            _completion.TrySetException(exception);
        }
    }
}
