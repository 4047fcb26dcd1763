using Microsoft.Extensions.Logging;
using Quartz;
using RoundupBot.Pipeline;

namespace RoundupBot.Scheduling;

/// <summary>
/// One source's fetch, queued by <see cref="FetchJob"/> when several instances share the schedule: a unit of work that
/// whichever instance has a free thread runs, so the instances fetch side by side. The source is claimed in the store
/// first (<see cref="FetchPipeline.FetchIfDueAsync(long, CancellationToken)"/>), so it is never fetched twice, whoever
/// else is fetching.
/// </summary>
public sealed class FetchSourceJob(FetchPipeline fetch, ILogger<FetchSourceJob> logger) : IJob
{
    /// <summary>The job in the Quartz store: durable, one firing per queued source.</summary>
    public static JobKey Key { get; } = new("fetch-source", "roundup");

    /// <summary>The job data key that names the source.</summary>
    public const string SourceIdKey = "sourceId";

    /// <summary>
    /// The one-shot firing that fetches source <paramref name="sourceId"/>. Its key is the source's, so queueing a source
    /// that is still queued replaces that firing rather than adding a second.
    /// </summary>
    public static ITrigger Trigger(long sourceId) => TriggerBuilder.Create()
        .WithIdentity(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"fetch-source-{sourceId}"), "roundup-fetch")
        .ForJob(Key)
        .UsingJobData(SourceIdKey, sourceId)
        .StartNow()
        .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
        .Build();

    /// <inheritdoc />
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sourceId = context.MergedJobDataMap.GetLong(SourceIdKey);
        var outcome = await fetch.FetchIfDueAsync(sourceId, cancellationToken);
        if (outcome is null)
        {
            Log.SourceNotDue(logger, sourceId);
        }
    }
}
