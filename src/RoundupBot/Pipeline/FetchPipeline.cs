using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RoundupBot.Ingestion.Fetching;
using RoundupBot.Ingestion.Normalization;
using RoundupBot.Ingestion.Parsing;
using RoundupBot.Model;
using RoundupBot.Storage;

namespace RoundupBot.Pipeline;

/// <summary>
/// The <c>fetch</c> use case, shared by the command line and the scheduler: every due source is fetched
/// (conditionally), parsed, normalized and stored, at most <c>Fetch:Concurrency</c> at once. One failing source never
/// stops the others: its error and backoff are stored against it and reported. Each due source is claimed in the store
/// before it is fetched (<see cref="IRoundupStore.ClaimSourceAsync"/>), so runs that overlap, in this process or in
/// other instances sharing the database, never fetch one source twice. Runs over the due sources in one process also
/// take turns (the scheduled fetch and a roundup's own fetch): a roundup that starts while the scheduled fetch is
/// storing a source waits for it, rather than finding the source taken and building without its new items.
/// </summary>
public sealed class FetchPipeline(
    IRoundupStore store,
    FeedFetcher fetcher,
    FeedParser parser,
    ItemNormalizer normalizer,
    TimeProvider timeProvider,
    IOptions<FetchOptions> options,
    ILogger<FetchPipeline> logger) : IDisposable
{
    private readonly FetchOptions _options = options.Value;
    private readonly SemaphoreSlim _dueRun = new(1, 1);

    /// <summary>
    /// How long a claimed source stays taken: past any one fetch (two attempts and a wait for its host), and never
    /// shorter than the interval, so a source whose claimer died waits no longer than its normal turn.
    /// </summary>
    internal TimeSpan ClaimLease => Max(_options.Interval, (2 * _options.Timeout) + TimeSpan.FromMinutes(1));

    /// <summary>Fetches every enabled source that is due now and that no one else is fetching.</summary>
    /// <param name="progress">Told after each source, from any thread.</param>
    /// <param name="cancellationToken">Stops starting new sources and cancels those in flight; their state is left as it was.</param>
    public async Task<FetchReport> FetchDueAsync(IProgress<SourceFetchOutcome>? progress, CancellationToken cancellationToken) =>
        await FetchIfDueAsync(await ListDueAsync(cancellationToken), progress, cancellationToken);

    /// <summary>
    /// The enabled sources due now, counting those a process on this machine was fetching when it died: their claim is
    /// released first, so a crash mid-fetch does not hold a source back for a whole lease.
    /// </summary>
    public async Task<IReadOnlyList<Source>> ListDueAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var released = await store.ReleaseSourceClaimsAsync(now, Claimant.IsGone, cancellationToken);
        if (released > 0)
        {
            Log.SourceClaimsReleased(logger, released);
        }

        return await store.ListDueSourcesAsync(now, cancellationToken);
    }

    /// <summary>Fetches those of <paramref name="sources"/> (listed as due) that are still due and no one else has taken.</summary>
    public async Task<FetchReport> FetchIfDueAsync(IReadOnlyList<Source> sources, IProgress<SourceFetchOutcome>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        await _dueRun.WaitAsync(cancellationToken);
        try
        {
            return await FetchEachAsync(sources, (source, ct) => FetchIfDueAsync(source.Id, ct), progress, cancellationToken);
        }
        finally
        {
            _dueRun.Release();
        }
    }

    public void Dispose() => _dueRun.Dispose();

    /// <summary>
    /// Fetches source <paramref name="sourceId"/> if it is still due and no one else has taken it: one unit of work of a
    /// fetch spread over several instances.
    /// </summary>
    /// <returns>The outcome, or null when the source was not due (fetched meanwhile, removed or disabled).</returns>
    public async Task<SourceFetchOutcome?> FetchIfDueAsync(long sourceId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var source = await store.ClaimSourceAsync(sourceId, Claimant.Current, now, now + ClaimLease, cancellationToken);
        if (source is null)
        {
            return null;
        }

        try
        {
            return await FetchOneAsync(source, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped before its state was saved: hand the source back, due at once, rather than hold it for a whole lease.
            await store.SaveFetchStateAsync(source.Id, source.Fetch with { NextDueAt = now }, CancellationToken.None);
            throw;
        }
    }

    /// <summary>Fetches the given sources now, due or not, and whoever else is fetching them (<c>roundup fetch --all</c>).</summary>
    public Task<FetchReport> FetchAsync(IReadOnlyList<Source> sources, IProgress<SourceFetchOutcome>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        return FetchEachAsync(sources, async (source, ct) => await FetchOneAsync(source, ct), progress, cancellationToken);
    }

    /// <summary>Runs <paramref name="fetch"/> over the sources, <c>Fetch:Concurrency</c> at once; a null outcome (not fetched) is left out.</summary>
    private async Task<FetchReport> FetchEachAsync(
        IReadOnlyList<Source> sources, Func<Source, CancellationToken, Task<SourceFetchOutcome?>> fetch, IProgress<SourceFetchOutcome>? progress, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var outcomes = new SourceFetchOutcome?[sources.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, sources.Count), parallel, async (i, ct) =>
        {
            outcomes[i] = await fetch(sources[i], ct);
            if (outcomes[i] is { } outcome)
            {
                progress?.Report(outcome);
            }
        });
        return new FetchReport([.. outcomes.OfType<SourceFetchOutcome>()], Stopwatch.GetElapsedTime(started));
    }

    private async Task<SourceFetchOutcome> FetchOneAsync(Source source, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["SourceId"] = source.Id, ["SourceName"] = source.Name });
        var state = source.Fetch;
        try
        {
            var response = await fetcher.FetchAsync(new FetchRequest(new Uri(source.Url), state.ETag, state.LastModified), cancellationToken);
            var now = timeProvider.GetUtcNow();
            if (response.NotModified)
            {
                await store.SaveFetchStateAsync(source.Id, Healthy(state, response, now), cancellationToken);
                return new SourceFetchOutcome { Source = source, Succeeded = true, NotModified = true, Elapsed = Stopwatch.GetElapsedTime(started) };
            }

            var feed = parser.Parse(new FeedDocument(response.Body, response.FinalUrl, response.MediaType, response.Charset), source.Kind, source.Selectors, cancellationToken);
            var candidates = new List<ItemCandidate>(feed.Entries.Count);
            foreach (var entry in feed.Entries)
            {
                candidates.Add(normalizer.Normalize(entry));
            }

            var counts = await store.UpsertItemsAsync(source.Id, candidates, now, cancellationToken);
            // After the items exist, so that each announcement and signal finds the item it belongs to.
            await store.SaveAnnouncementsAsync(candidates, cancellationToken);
            await store.SaveSignalsAsync(source.Id, candidates, now, cancellationToken);
            var skipped = feed.Skipped.Sum(s => s.Count);
            // The reasons are joined only for a log that is written; the guard is outside the argument list because
            // CA1873 does not see guards around source-generated Log methods that take the logger as a parameter.
            if (skipped > 0 && logger.IsEnabled(LogLevel.Information))
            {
                var reasons = string.Join(", ", feed.Skipped);
                Log.EntriesSkipped(logger, source.Name, reasons);
            }

            // Validators are saved only after the items are stored, so a crash in between re-fetches rather than loses them.
            await store.SaveFetchStateAsync(source.Id, Healthy(state, response, now) with { FeedTitle = feed.Title ?? state.FeedTitle }, cancellationToken);
            Log.SourceFetched(logger, source.Name, feed.Entries.Count, counts.Inserted, counts.Updated);
            return new SourceFetchOutcome
            {
                Source = source,
                Succeeded = true,
                Entries = feed.Entries.Count,
                Skipped = skipped,
                Items = counts,
                Elapsed = Stopwatch.GetElapsedTime(started),
            };
        }
        // Any failure of one source, expected or a bug, is that source's: recorded, reported, and the others go on.
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var failures = state.ConsecutiveFailures + 1;
            var now = timeProvider.GetUtcNow();
            var retryAfter = (ex as FetchException)?.RetryAfter ?? TimeSpan.Zero;
            var failed = state with
            {
                LastFetchedAt = now,
                LastStatus = (ex as FetchException)?.StatusCode,
                // Redacted, since the error is logged, stored and shown on the admin page: a URL's query string may
                // hold an API key (?apikey=…). The fetcher's own messages are redacted already; a parser's are not.
                LastError = RedactedUrl.RedactAll(ex is FetchException or FeedParseException or StoreException ? ex.Message : $"unexpected {ex.GetType().Name}: {ex.Message}"),
                ConsecutiveFailures = failures,
                NextDueAt = now + Max(Backoff(failures), retryAfter),
            };
            await store.SaveFetchStateAsync(source.Id, failed, CancellationToken.None);
            Log.SourceFailed(logger, source.Name, failures, failed.LastError!);
            return new SourceFetchOutcome { Source = source, Succeeded = false, Error = failed.LastError, Elapsed = Stopwatch.GetElapsedTime(started) };
        }
    }

    private SourceFetchState Healthy(SourceFetchState state, FetchResponse response, DateTimeOffset now) => state with
    {
        ETag = response.ETag ?? (response.NotModified ? state.ETag : null),
        LastModified = response.LastModified ?? (response.NotModified ? state.LastModified : null),
        LastFetchedAt = now,
        LastStatus = response.StatusCode,
        LastError = null,
        ConsecutiveFailures = 0,
        NextDueAt = now + _options.Interval,
    };

    /// <summary>The wait before the next try: the interval, doubled per consecutive failure, capped at <c>Fetch:MaxBackoff</c>.</summary>
    internal TimeSpan Backoff(int consecutiveFailures)
    {
        var factor = Math.Pow(2, Math.Min(consecutiveFailures - 1, 20));
        var ticks = Math.Min(_options.Interval.Ticks * factor, _options.MaxBackoff.Ticks);
        return TimeSpan.FromTicks((long)Math.Max(ticks, _options.Interval.Ticks));
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
