using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using RoundupBot.Publishing.Email;

namespace RoundupBot.Web;

/// <summary>The <see cref="SubscribeRateLimits.ClientPolicy"/>: a fixed window per client address, rejected with the friendly 429 page.</summary>
internal sealed class SubscribeClientPolicy(IOptions<EmailOptions> options) : IRateLimiterPolicy<string>
{
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = static async (context, _) =>
    {
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : (TimeSpan?)null;
        await SubscribeRateLimits.TooManyRequests(context.HttpContext.Response, retryAfter).ExecuteAsync(context.HttpContext);
    };

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var limits = options.Value.Subscribe;
        return RateLimitPartition.GetFixedWindowLimiter(
            SubscribeRateLimits.ClientKey(httpContext.Connection.RemoteIpAddress),
            _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.ClientLimit, Window = limits.Window, QueueLimit = 0 });
    }
}
