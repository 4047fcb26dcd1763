using System.Net;
using Microsoft.Extensions.Logging;

namespace RoundupBot.Web;

/// <summary>
/// Slows down guessing of <c>Admin:Token</c>: after <see cref="FreeFailures"/> wrong tokens from one client address
/// (through the sign-in form or as a bearer token), every further token from that address is refused with 429 for a
/// delay that doubles with each failure, from <see cref="FirstDelay"/> up to <see cref="MaxDelay"/>. A right token
/// clears the address's count; so does <see cref="ForgetAfter"/> without a failure.
/// </summary>
/// <remarks>
/// Counted per address in this process's memory: a restart forgets the counts, and each instance keeps its own. Behind
/// a reverse proxy every client has the proxy's address, so one guesser slows every sign-in; a signed-in admin keeps
/// working, since a session cookie presents no token.
/// </remarks>
public sealed class AdminTokenThrottle(TimeProvider timeProvider, ILogger<AdminTokenThrottle> logger)
{
    /// <summary>Wrong tokens an address may send before the delays start (typos happen).</summary>
    public const int FreeFailures = 5;

    /// <summary>The wait after the first failure beyond <see cref="FreeFailures"/>; each further one doubles it.</summary>
    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(15);

    /// <summary>An address's failures are forgotten this long after its last one.</summary>
    public static readonly TimeSpan ForgetAfter = TimeSpan.FromHours(1);

    /// <summary>Addresses remembered at most; beyond it the stalest are dropped, so a flood of addresses cannot exhaust memory.</summary>
    internal const int MaxAddresses = 10_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>How long <paramref name="address"/> must still wait before its next token is looked at; zero when it may try now.</summary>
    public TimeSpan RetryAfter(IPAddress? address)
    {
        var now = timeProvider.GetUtcNow();
        lock (_lock)
        {
            return _entries.TryGetValue(Key(address), out var entry) && entry.BlockedUntil > now ? entry.BlockedUntil - now : TimeSpan.Zero;
        }
    }

    /// <summary>Counts a wrong token from <paramref name="address"/>, and starts its delay once the free ones are used up.</summary>
    public void Failed(IPAddress? address)
    {
        var key = Key(address);
        var now = timeProvider.GetUtcNow();
        TimeSpan delay;
        lock (_lock)
        {
            var failures = _entries.TryGetValue(key, out var entry) && now - entry.LastFailure < ForgetAfter ? entry.Failures + 1 : 1;
            delay = failures <= FreeFailures
                ? TimeSpan.Zero
                : TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, FirstDelay.Ticks << Math.Min(failures - FreeFailures - 1, 20)));
            if (!_entries.ContainsKey(key) && _entries.Count >= MaxAddresses)
            {
                Prune(now);
            }

            _entries[key] = new Entry(failures, now, now + delay);
        }

        if (delay > TimeSpan.Zero)
        {
            Log.AdminTokensThrottled(logger, key, delay);
        }
    }

    /// <summary>A right token from <paramref name="address"/>: its count starts again.</summary>
    public void Succeeded(IPAddress? address)
    {
        lock (_lock)
        {
            _entries.Remove(Key(address));
        }
    }

    /// <summary>Drops forgotten addresses, then the stalest until there is room.</summary>
    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, _) in _entries.Where(e => now - e.Value.LastFailure >= ForgetAfter).ToList())
        {
            _entries.Remove(key);
        }

        foreach (var (key, _) in _entries.OrderBy(e => e.Value.LastFailure).Take(Math.Max(0, _entries.Count - MaxAddresses + 1)).ToList())
        {
            _entries.Remove(key);
        }
    }

    /// <summary>IPv4-mapped IPv6 addresses count as the IPv4 address they carry.</summary>
    private static string Key(IPAddress? address) =>
        address is null ? "(unknown)" : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();

    private readonly record struct Entry(int Failures, DateTimeOffset LastFailure, DateTimeOffset BlockedUntil);
}
