using Microsoft.Extensions.Logging;

namespace RoundupBot.Publishing.Outbox;

internal static partial class Log
{
    [LoggerMessage(700, LogLevel.Warning, "Recovered the deliveries of a publisher that stopped: {Requeued} back in the queue, {Interrupted} interrupted after the message was handed over (not sent again)")]
    public static partial void Recovered(ILogger logger, int requeued, int interrupted);

    [LoggerMessage(701, LogLevel.Warning, "Could not renew this instance's delivery claims (trying again at the next check-in): {Reason}")]
    public static partial void RenewFailed(ILogger logger, string reason);
}
