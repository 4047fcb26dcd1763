namespace RoundupBot;

/// <summary>
/// Bounds a wait on the database for callers that must answer on time (the health checks, the store watcher). A
/// cancellation token alone does not: against a server that accepts connections but never answers, Npgsql's own
/// cancellation waits on that same server, and a cancelled health check was seen to return after a minute. The clock
/// is the real one, not an injected <see cref="TimeProvider"/>: what it bounds is a wait on a real server.
/// </summary>
internal static class Deadline
{
    /// <inheritdoc cref="RunAsync{T}"/>
    public static Task RunAsync(Func<CancellationToken, Task> work, TimeSpan timeout, CancellationToken cancellationToken) =>
        RunAsync(async token =>
        {
            await work(token);
            return true;
        }, timeout, cancellationToken);

    /// <summary>Runs <paramref name="work"/>, handing it a token that is cancelled after <paramref name="timeout"/>, and stops waiting for it then.</summary>
    /// <exception cref="TimeoutException">It did not finish within <paramref name="timeout"/>; it was told to stop and is left to end by itself.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var task = work(deadline.Token);
        try
        {
            return await task.WaitAsync(timeout, cancellationToken);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException();
        }
        catch (TimeoutException) when (!task.IsCompleted)
        {
            // Abandoned: make sure it is told to stop before the source is disposed, and observe whatever it ends with.
            await deadline.CancelAsync();
            _ = task.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            throw;
        }
    }
}
