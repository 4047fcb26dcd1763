using RoundupBot.Model;
using RoundupBot.Tests.TestSupport;

namespace RoundupBot.Tests.Pipeline;

public sealed class RoundupRunnerTests : IAsyncLifetime
{
    private PipelineHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await PipelineHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task A_second_trigger_while_a_run_is_in_progress_does_nothing_and_says_so()
    {
        var release = new TaskCompletionSource();
        var requested = new TaskCompletionSource();
        _harness.Server.Map("/slow.rss", async ctx =>
        {
            requested.TrySetResult();
            await release.Task;
            ctx.Response.StatusCode = 500;
        });
        await _harness.Store.AddSourceAsync(new Source { Name = "Slow", Url = _harness.Server.Url("/slow.rss").AbsoluteUri }, CancellationToken.None);
        var runner = _harness.Runner();

        var first = runner.RunAsync("schedule", publish: true, null, CancellationToken.None);
        await requested.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var second = await runner.RunAsync("admin", publish: true, null, CancellationToken.None);
        Assert.True(runner.IsRunning);
        release.SetResult();
        var firstOutcome = await first;

        Assert.True(second.WasAlreadyRunning);
        Assert.False(firstOutcome.WasAlreadyRunning);
        Assert.Equal(1, _harness.Server.RequestCount("/slow.rss"));
        Assert.Contains("Only 0 items", firstOutcome.NotBuiltReason);
        Assert.False(runner.IsRunning);
        Assert.Empty(await _harness.Store.ListDigestsAsync(CancellationToken.None));
    }
}
