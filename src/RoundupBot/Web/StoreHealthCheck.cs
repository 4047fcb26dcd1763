using Microsoft.Extensions.Diagnostics.HealthChecks;
using RoundupBot.Storage;

namespace RoundupBot.Web;

/// <summary>The <c>store</c> health check: the database answers a query.</summary>
public sealed class StoreHealthCheck(IRoundupStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var items = await store.CountItemsAsync(cancellationToken);
            return HealthCheckResult.Healthy($"the store answers; {items} items");
        }
        catch (Exception ex) when (ex is StoreException or InvalidOperationException or System.Data.Common.DbException)
        {
            return HealthCheckResult.Unhealthy($"the store does not answer: {ex.Message}");
        }
    }
}
