using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RoundupBot.Ingestion.Fetching;

namespace RoundupBot.Tests.Ingestion.Fetching;

public sealed class HostGateTests
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(5);
    private readonly FakeTimeProvider _time = new();
    private readonly HostGate _gate;

    public HostGateTests() =>
        _gate = new HostGate(Options.Create(new FetchOptions()), _time, NullLogger<HostGate>.Instance);

    [Fact]
    public async Task Lets_one_request_at_a_time_into_a_host()
    {
        var first = await _gate.EnterAsync(new Uri("https://example.org/a.xml"), CancellationToken.None);
        var second = _gate.EnterAsync(new Uri("https://EXAMPLE.org/b.xml"), CancellationToken.None);

        await Task.Delay(50);
        Assert.False(second.IsCompleted);

        first.Dispose();
        (await second.WaitAsync(Soon)).Dispose();
    }

    [Fact]
    public async Task Lets_as_many_requests_into_a_host_as_configured_but_keeps_arxiv_at_one()
    {
        var gate = new HostGate(Options.Create(new FetchOptions { PerHostConcurrency = 2 }), _time, NullLogger<HostGate>.Instance);
        using var first = await gate.EnterAsync(new Uri("https://example.org/a"), CancellationToken.None);
        using var second = await gate.EnterAsync(new Uri("https://example.org/b"), CancellationToken.None).WaitAsync(Soon);
        var third = gate.EnterAsync(new Uri("https://example.org/c"), CancellationToken.None);
        using var arxiv = await gate.EnterAsync(new Uri("https://export.arxiv.org/api/query"), CancellationToken.None);
        var arxivAgain = gate.EnterAsync(new Uri("https://rss.arxiv.org/rss/cs.CL"), CancellationToken.None);

        await Task.Delay(50);
        Assert.False(third.IsCompleted);
        Assert.False(arxivAgain.IsCompleted);

        first.Dispose();
        (await third.WaitAsync(Soon)).Dispose();
    }

    [Fact]
    public async Task Lets_requests_to_different_hosts_run_together()
    {
        using var first = await _gate.EnterAsync(new Uri("https://example.org/feed"), CancellationToken.None);
        using var second = await _gate.EnterAsync(new Uri("https://example.com/feed"), CancellationToken.None).WaitAsync(Soon);
    }

    [Fact]
    public async Task Does_not_space_requests_to_ordinary_hosts()
    {
        (await _gate.EnterAsync(new Uri("https://example.org/a"), CancellationToken.None)).Dispose();

        var next = _gate.EnterAsync(new Uri("https://example.org/b"), CancellationToken.None);

        Assert.True(next.IsCompletedSuccessfully);
        (await next).Dispose();
    }

    [Theory]
    [InlineData("https://arxiv.org/a/list", "https://export.arxiv.org/api/query?search_query=cat:cs.CL")]
    [InlineData("https://rss.arxiv.org/rss/cs.CL", "https://rss.arxiv.org/rss/cs.LG")]
    [InlineData("http://export.arxiv.org/api/query", "https://arxiv.org/abs/2401.00001")]
    public async Task Spaces_arxiv_requests_three_seconds_apart(string firstUrl, string secondUrl)
    {
        (await _gate.EnterAsync(new Uri(firstUrl), CancellationToken.None)).Dispose();

        var next = _gate.EnterAsync(new Uri(secondUrl), CancellationToken.None);
        Assert.False(next.IsCompleted);

        _time.Advance(TimeSpan.FromMilliseconds(2999));
        await Task.Delay(20);
        Assert.False(next.IsCompleted);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        (await next.WaitAsync(Soon)).Dispose();
    }

    [Fact]
    public async Task Counts_the_arxiv_gap_from_the_end_of_the_previous_request()
    {
        var first = await _gate.EnterAsync(new Uri("https://export.arxiv.org/api/query"), CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(10)); // a slow request
        first.Dispose();

        _time.Advance(TimeSpan.FromSeconds(2));
        var next = _gate.EnterAsync(new Uri("https://export.arxiv.org/api/query"), CancellationToken.None);
        Assert.False(next.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(1));
        (await next.WaitAsync(Soon)).Dispose();
    }

    [Fact]
    public async Task Does_not_wait_when_the_arxiv_gap_has_passed()
    {
        (await _gate.EnterAsync(new Uri("https://arxiv.org/"), CancellationToken.None)).Dispose();
        _time.Advance(TimeSpan.FromSeconds(3));

        var next = _gate.EnterAsync(new Uri("https://arxiv.org/"), CancellationToken.None);

        Assert.True(next.IsCompletedSuccessfully);
        (await next).Dispose();
    }

    [Fact]
    public async Task Frees_the_host_when_a_waiting_caller_cancels()
    {
        (await _gate.EnterAsync(new Uri("https://arxiv.org/"), CancellationToken.None)).Dispose();
        using var cancellation = new CancellationTokenSource();

        var cancelled = _gate.EnterAsync(new Uri("https://arxiv.org/"), cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        var next = _gate.EnterAsync(new Uri("https://arxiv.org/"), CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(3));
        (await next.WaitAsync(Soon)).Dispose();
    }

    [Fact]
    public async Task Ignores_a_second_dispose()
    {
        var first = await _gate.EnterAsync(new Uri("https://example.org/"), CancellationToken.None);
        first.Dispose();
        first.Dispose();

        using var second = await _gate.EnterAsync(new Uri("https://example.org/"), CancellationToken.None);
        var third = _gate.EnterAsync(new Uri("https://example.org/"), CancellationToken.None);

        await Task.Delay(50);
        Assert.False(third.IsCompleted);
        second.Dispose();
        (await third.WaitAsync(Soon)).Dispose();
    }
}
