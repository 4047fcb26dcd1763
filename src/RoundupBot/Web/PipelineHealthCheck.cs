using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RoundupBot.Pipeline;
using RoundupBot.Storage;

namespace RoundupBot.Web;

/// <summary>
/// The <c>pipeline</c> health check: when sources were last fetched and the last issue published. Degraded when every
/// enabled source failed its last fetch, since the next issue would then be built from nothing new. Unhealthy when the
/// store does not tell within <see cref="StoreHealthCheck.Timeout"/>.
/// </summary>
public sealed class PipelineHealthCheck(IRoundupStore store, RoundupRunner runner) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            return await Deadline.RunAsync(CheckAsync, StoreHealthCheck.Timeout, cancellationToken);
        }
        catch (StoreException ex)
        {
            return HealthCheckResult.Unhealthy($"cannot tell: {ex.Message}");
        }
        catch (TimeoutException)
        {
            return HealthCheckResult.Unhealthy(string.Create(CultureInfo.InvariantCulture,
                $"cannot tell: the store did not answer within {StoreHealthCheck.Timeout.TotalSeconds:0} s"));
        }
    }

    private async Task<HealthCheckResult> CheckAsync(CancellationToken cancellationToken)
    {
        var sources = await store.ListSourcesAsync(cancellationToken);
        var digests = await store.ListDigestsAsync(cancellationToken);
        var lastFetch = sources.Select(s => s.Fetch.LastFetchedAt).Max();
        var enabled = sources.Where(s => s.Enabled).ToList();
        var failing = enabled.Count(s => s.Fetch.LastError is not null);
        var fetched = lastFetch is { } f ? f.ToString("u", CultureInfo.InvariantCulture) : "never";
        var published = digests.Count > 0 ? $"#{digests[0].Number.ToString(CultureInfo.InvariantCulture)} at {digests[0].PublishedAt.ToString("u", CultureInfo.InvariantCulture)}" : "never";
        var description = string.Create(CultureInfo.InvariantCulture,
            $"last fetch {fetched}; last roundup {published}; {failing} of {enabled.Count} enabled sources failing{(runner.IsRunning ? "; a roundup is running" : "")}");
        return enabled.Count > 0 && failing == enabled.Count
            ? HealthCheckResult.Degraded(description)
            : HealthCheckResult.Healthy(description);
    }
}
