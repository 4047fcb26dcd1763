using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;
using RoundupBot.Publishing.Outbox;
using RoundupBot.Storage;

namespace RoundupBot.Scheduling;

/// <summary>
/// Sends what the outbox still owes every few minutes: retries whose pause is over, and deliveries a stopped run left
/// behind. The same <see cref="DeliveryOutbox.PublishDueAsync"/> a roundup run ends with.
/// </summary>
[DisallowConcurrentExecution]
public sealed class DeliveryRetryJob(DeliveryOutbox outbox, TimeProvider timeProvider, IOptions<StorageOptions> storage, ILogger<DeliveryRetryJob> logger) : IJob
{
    public static JobKey Key { get; } = new("delivery-retry", "roundup");

    public static TriggerKey TriggerKey { get; } = new("delivery-retry", "roundup");

    /// <inheritdoc />
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["Job"] = Key.Name, ["FireInstanceId"] = context.FireInstanceId });
        await Recovery.WaitForDeadClaimsAsync(context, storage.Value, timeProvider, logger, cancellationToken);
        var report = await outbox.PublishDueAsync(cancellationToken);
        if (report != PublishReport.Empty)
        {
            Log.DeliveriesRetried(logger, report.Sent, report.Failed, report.Retrying);
        }
    }
}
