using Microsoft.Extensions.Diagnostics.HealthChecks;
using RoundupBot.Storage;

namespace RoundupBot.Web;

/// <summary>
/// The <c>store</c> health check: the database answers <see cref="IRoundupStore.PingAsync"/> within <see cref="Timeout"/>.
/// Unhealthy otherwise, with the store's own message (which names the database, never its password).
/// </summary>
public sealed class StoreHealthCheck(IRoundupStore store) : IHealthCheck
{
    /// <summary>
    /// How long the database has to answer. <value>3 seconds</value>: a server that is up answers in milliseconds, and
    /// a probe that waits out the driver's own timeouts (15 s to connect, 30 s per command) answers nobody in time.
    /// </summary>
    public static TimeSpan Timeout { get; } = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.PingAsync(Timeout, cancellationToken);
            return HealthCheckResult.Healthy("the store answers");
        }
        catch (StoreException ex)
        {
            return HealthCheckResult.Unhealthy($"the store does not answer: {ex.Message}");
        }
    }
}
