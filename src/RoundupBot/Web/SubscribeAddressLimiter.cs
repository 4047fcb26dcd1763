using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using RoundupBot.Publishing.Email;

namespace RoundupBot.Web;

/// <summary>
/// The <see cref="SubscribeRateLimits.AddressPolicy"/>: a fixed window per email address (lower-cased), whoever asks,
/// so spreading requests over many clients does not mail one victim more.
/// </summary>
public sealed class SubscribeAddressLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public SubscribeAddressLimiter(IOptions<EmailOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var limits = options.Value.Subscribe;
        _limiter = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(
            address,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.AddressLimit, Window = limits.Window, QueueLimit = 0 }));
    }

    /// <summary>Counts one request for <paramref name="address"/>; false (with the wait, when known) once its window is used up.</summary>
    public bool TryAcquire(string address, out TimeSpan? retryAfter)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        using var lease = _limiter.AttemptAcquire(address.Trim().ToLowerInvariant());
        retryAfter = !lease.IsAcquired && lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : null;
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
