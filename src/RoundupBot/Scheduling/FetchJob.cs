using Microsoft.Extensions.Logging;
using Quartz;
using RoundupBot.Pipeline;

namespace RoundupBot.Scheduling;

/// <summary>Fetches the due sources every <c>Fetch:Interval</c>: the same <see cref="FetchPipeline.FetchDueAsync"/> as <c>roundup fetch</c>.</summary>
[DisallowConcurrentExecution]
public sealed class FetchJob(FetchPipeline fetch, ILogger<FetchJob> logger) : IJob
{
    /// <summary>The job in the Quartz store.</summary>
    public static JobKey Key { get; } = new("fetch", "roundup");

    /// <summary>Its interval trigger in the Quartz store.</summary>
    public static TriggerKey TriggerKey { get; } = new("fetch", "roundup");

    /// <inheritdoc />
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["Job"] = Key.Name, ["FireInstanceId"] = context.FireInstanceId });
        var report = await fetch.FetchDueAsync(null, cancellationToken);
        Log.FetchFinished(logger, report.Sources, report.Failed);
    }
}
