using System.Diagnostics;

namespace RoundupBot.Tests;

public sealed class DeadlineTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task Returns_what_work_done_in_time_returns()
    {
        Assert.Equal(42, await Deadline.RunAsync(_ => Task.FromResult(42), TimeSpan.FromSeconds(5), CancellationToken.None));
    }

    [Fact]
    public async Task Stops_waiting_at_the_timeout_for_work_that_ignores_its_token_and_tells_it_to_stop()
    {
        var never = new TaskCompletionSource<int>();
        var handed = CancellationToken.None;
        var watch = Stopwatch.StartNew();

        await Assert.ThrowsAsync<TimeoutException>(() => Deadline.RunAsync(token =>
        {
            handed = token;
            return never.Task;
        }, Short, CancellationToken.None));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"waited {watch.Elapsed}");
        Assert.True(handed.IsCancellationRequested);
    }

    [Fact]
    public async Task Work_that_gives_up_on_its_token_at_the_timeout_is_a_timeout_too()
    {
        await Assert.ThrowsAsync<TimeoutException>(() => Deadline.RunAsync(token => Task.Delay(Timeout.Infinite, token), Short, CancellationToken.None));
    }

    [Fact]
    public async Task Cancellation_by_the_caller_is_not_a_timeout()
    {
        using var caller = new CancellationTokenSource();
        var run = Deadline.RunAsync(token => Task.Delay(Timeout.Infinite, token), TimeSpan.FromSeconds(30), caller.Token);

        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }
}
