using RoundupBot.Model;

namespace RoundupBot.Storage.Sqlite;

/// <summary>
/// One caller's <see cref="SqliteStore.UpsertItemsAsync"/> waiting to be written. Whichever caller holds the write
/// lock takes every waiting request into one transaction (group commit), so 200 sources fetched at once cost a
/// handful of commits instead of 200. A request is either taken by a writer or cancelled by its caller, never both.
/// </summary>
internal sealed class UpsertRequest(long sourceId, IReadOnlyList<ItemCandidate> candidates, long seenAt, CancellationToken cancellationToken)
{
    private const int Pending = 0;
    private const int Taken = 1;
    private const int Cancelled = 2;

    private readonly TaskCompletionSource<UpsertCounts> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _state;

    public long SourceId { get; } = sourceId;
    public IReadOnlyList<ItemCandidate> Candidates { get; } = candidates;
    public long SeenAt { get; } = seenAt;
    public CancellationToken CancellationToken { get; } = cancellationToken;
    public Task<UpsertCounts> Task => _completion.Task;

    /// <summary>Claims the request for writing; false when its caller cancelled it first.</summary>
    public bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Pending) == Pending;

    /// <summary>Withdraws the request; false when a writer has already taken it (its result will follow).</summary>
    public bool TryCancel() => Interlocked.CompareExchange(ref _state, Cancelled, Pending) == Pending;

    public void Complete(UpsertCounts counts) => _completion.TrySetResult(counts);

    public void Fail(Exception exception)
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
