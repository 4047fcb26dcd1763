using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RoundupBot.Ingestion.Fetching;

/// <summary>
/// Politeness per host: at most one request in flight to a host, and for arXiv (arxiv.org and every *.arxiv.org,
/// treated as one host) a gap of <see cref="FetchOptions.ArxivSpacing"/> between the end of one request and the start
/// of the next, as arXiv's terms ask. A singleton: the state is shared by every fetch in the process.
/// </summary>
/// <remarks>Waits use the injected <see cref="TimeProvider"/>, so tests drive them with a fake clock.</remarks>
public sealed class HostGate(IOptions<FetchOptions> options, TimeProvider timeProvider, ILogger<HostGate> logger)
{
    private const string ArxivKey = "arxiv.org";
    private readonly ConcurrentDictionary<string, Lane> _lanes = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Waits until a request to <paramref name="url"/>'s host may start. Dispose the result when the request is over
    /// (body read included); that lets the next request to the host in and starts the arXiv gap.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="url"/> is not absolute.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting; nothing is held then.</exception>
    public async Task<IDisposable> EnterAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri)
        {
            throw new ArgumentException($"{url} is not an absolute URL.", nameof(url));
        }

        var host = url.IdnHost.ToLowerInvariant();
        var isArxiv = IsArxivHost(host);
        // arXiv asks for one request at a time whatever the setting.
        var lane = _lanes.GetOrAdd(isArxiv ? ArxivKey : host, static (_, width) => new Lane(width), isArxiv ? 1 : options.Value.PerHostConcurrency);
        await lane.Turn.WaitAsync(cancellationToken);
        try
        {
            var spacing = options.Value.ArxivSpacing;
            if (isArxiv && spacing > TimeSpan.Zero && lane.LastEnd is long lastEnd)
            {
                var wait = spacing - timeProvider.GetElapsedTime(lastEnd);
                if (wait > TimeSpan.Zero)
                {
                    Log.WaitingForHost(logger, host, wait);
                    await Task.Delay(wait, timeProvider, cancellationToken);
                }
            }
        }
        catch
        {
            lane.Turn.Release();
            throw;
        }

        return new Ticket(lane, timeProvider);
    }

    /// <summary>True for arxiv.org and its subdomains (export.arxiv.org, rss.arxiv.org, …).</summary>
    public static bool IsArxivHost(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.Equals(ArxivKey, StringComparison.OrdinalIgnoreCase)
            || host.EndsWith("." + ArxivKey, StringComparison.OrdinalIgnoreCase);
    }

    private sealed class Lane(int width)
    {
        // Never disposed: it lives as long as the gate and no one waits on its handle.
        public SemaphoreSlim Turn { get; } = new(width, width);

        public long? LastEnd { get; set; }
    }

    private sealed class Ticket(Lane lane, TimeProvider timeProvider) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                lane.LastEnd = timeProvider.GetTimestamp();
                lane.Turn.Release();
            }
        }
    }
}
