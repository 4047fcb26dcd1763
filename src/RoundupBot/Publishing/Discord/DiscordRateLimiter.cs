using Microsoft.Extensions.Options;

namespace RoundupBot.Publishing.Discord;

/// <summary>
/// Decides when the next request may go, shared by every webhook of the process (one singleton), so concurrent
/// deliveries to many channels stay within Discord's limits together.
/// </summary>
/// <remarks>
/// <para>
/// Per route (one webhook: id and token) it follows Discord's headers: the route's <c>X-RateLimit-Bucket</c>, and
/// for that bucket the <c>-Remaining</c> count and <c>-Reset-After</c> seconds of the last answer. With nothing
/// remaining, a request waits for the reset; nothing about a webhook's limit is assumed before Discord says it.
/// </para>
/// <para>
/// Over all requests it keeps Discord's global limit, <see cref="DiscordOptions.GlobalRequestsPerSecond"/>, for which
/// Discord sends no header: a request takes the next free slot such that no <see cref="GlobalWindow"/> holds more than
/// that many sends. The window is a little longer than a second because a send here arrives at Discord a moment later,
/// and two requests may take different moments: without the slack, the 51st could land inside the first one's second.
/// A global 429 pauses every request for its <c>retry_after</c>.
/// </para>
/// <para>Waits use the injected <see cref="TimeProvider"/>. Waiting honours cancellation.</para>
/// </remarks>
internal sealed class DiscordRateLimiter(IOptions<DiscordOptions> options, TimeProvider timeProvider)
{
    /// <summary>The span the global limit counts over: one second plus slack for arrival jitter.</summary>
    internal static readonly TimeSpan GlobalWindow = TimeSpan.FromMilliseconds(1050);

    private readonly Lock _gate = new();
    private readonly Queue<DateTimeOffset> _globalSlots = new();
    private readonly Dictionary<string, string> _bucketOfRoute = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BucketState> _buckets = new(StringComparer.Ordinal);
    private DateTimeOffset _globalPausedUntil = DateTimeOffset.MinValue;

    /// <summary>
    /// Waits until a request on <paramref name="route"/> may be sent, and takes its place in the bucket and in the
    /// global limit. Returns how long it waited.
    /// </summary>
    public async Task<TimeSpan> WaitAsync(string route, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetUtcNow();
        while (true)
        {
            DateTimeOffset until;
            var reserved = false;
            lock (_gate)
            {
                var now = timeProvider.GetUtcNow();
                until = _globalPausedUntil;
                var bucket = Bucket(route);
                if (bucket is not null)
                {
                    if (bucket.ResetAt <= now)
                    {
                        // The window Discord announced is over: the bucket is full again until Discord says otherwise.
                        bucket.Remaining = Math.Max(bucket.Remaining, bucket.Limit);
                        bucket.ResetAt = DateTimeOffset.MaxValue;
                    }
                    // An unknown reset (every request since the last one still in flight) lets the request go: Discord's
                    // answer, or its 429, tells what to do next.
                    else if (bucket.Remaining <= 0 && bucket.ResetAt != DateTimeOffset.MaxValue && bucket.ResetAt > until)
                    {
                        until = bucket.ResetAt;
                    }
                }

                if (until <= now)
                {
                    if (bucket is not null)
                    {
                        bucket.Remaining--;
                    }

                    until = ReserveGlobalSlot(now);
                    reserved = true;
                }
            }

            await DelayUntilAsync(until, cancellationToken);
            if (reserved)
            {
                lock (_gate)
                {
                    // A global 429 that came in while this request waited for its slot pauses it too.
                    if (_globalPausedUntil <= timeProvider.GetUtcNow())
                    {
                        return timeProvider.GetUtcNow() - started;
                    }
                }
            }
        }
    }

    /// <summary>Records what Discord's headers said about the route's bucket.</summary>
    /// <param name="route">The route the answer is for.</param>
    /// <param name="bucketHash"><c>X-RateLimit-Bucket</c>; null keeps the route's known bucket (or the route itself).</param>
    /// <param name="limit"><c>X-RateLimit-Limit</c>, when sent.</param>
    /// <param name="remaining"><c>X-RateLimit-Remaining</c>.</param>
    /// <param name="resetAfter"><c>X-RateLimit-Reset-After</c>, counted from now (the answer's arrival, so a little late: safe).</param>
    public void Update(string route, string? bucketHash, int? limit, int remaining, TimeSpan resetAfter)
    {
        lock (_gate)
        {
            if (bucketHash is not null)
            {
                _bucketOfRoute[route] = bucketHash;
            }

            var key = BucketKey(route);
            if (!_buckets.TryGetValue(key, out var bucket))
            {
                bucket = new BucketState();
                _buckets[key] = bucket;
            }

            bucket.Limit = limit ?? Math.Max(bucket.Limit, remaining);
            bucket.Remaining = remaining;
            bucket.ResetAt = timeProvider.GetUtcNow() + resetAfter;
        }
    }

    /// <summary>A 429 for this route only: nothing more goes to it for <paramref name="retryAfter"/>.</summary>
    public void PauseRoute(string route, TimeSpan retryAfter)
    {
        lock (_gate)
        {
            var key = BucketKey(route);
            if (!_buckets.TryGetValue(key, out var bucket))
            {
                bucket = new BucketState();
                _buckets[key] = bucket;
            }

            bucket.Remaining = 0;
            var until = timeProvider.GetUtcNow() + retryAfter;
            bucket.ResetAt = bucket.ResetAt > until && bucket.ResetAt != DateTimeOffset.MaxValue ? bucket.ResetAt : until;
        }
    }

    /// <summary>A global 429: no request at all goes for <paramref name="retryAfter"/>.</summary>
    public void PauseGlobal(TimeSpan retryAfter)
    {
        lock (_gate)
        {
            var until = timeProvider.GetUtcNow() + retryAfter;
            if (until > _globalPausedUntil)
            {
                _globalPausedUntil = until;
            }
        }
    }

    /// <summary>The earliest time at or after <paramref name="now"/> that keeps at most the limit of sends in any window; taken.</summary>
    private DateTimeOffset ReserveGlobalSlot(DateTimeOffset now)
    {
        var limit = Math.Max(1, options.Value.GlobalRequestsPerSecond);
        while (_globalSlots.Count > limit)
        {
            _globalSlots.Dequeue();
        }

        // Slots are taken in order, so the queue is sorted: its head is the send `limit` places back.
        var slot = _globalSlots.Count == limit && _globalSlots.Peek() + GlobalWindow > now ? _globalSlots.Peek() + GlobalWindow : now;
        _globalSlots.Enqueue(slot);
        if (_globalSlots.Count > limit)
        {
            _globalSlots.Dequeue();
        }

        return slot;
    }

    private BucketState? Bucket(string route) => _buckets.GetValueOrDefault(BucketKey(route));

    /// <summary>Discord shares a bucket's limit per major parameter, here the webhook: the key is both.</summary>
    private string BucketKey(string route) =>
        _bucketOfRoute.TryGetValue(route, out var hash) ? hash + ":" + route : route;

    private async Task DelayUntilAsync(DateTimeOffset until, CancellationToken cancellationToken)
    {
        var wait = until - timeProvider.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, timeProvider, cancellationToken);
        }
        else
        {
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private sealed class BucketState
    {
        public int Limit { get; set; }
        public int Remaining { get; set; }
        public DateTimeOffset ResetAt { get; set; } = DateTimeOffset.MaxValue;
    }
}
