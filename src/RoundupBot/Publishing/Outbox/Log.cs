using Microsoft.Extensions.Logging;

namespace RoundupBot.Publishing.Outbox;

internal static partial class Log
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Warning, Message = "Recovered the deliveries of a publisher that stopped: {Requeued} back in the queue, {Interrupted} interrupted after the message was handed over (not sent again)")]
    public static partial void Recovered(ILogger logger, int requeued, int interrupted);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Could not renew this instance's delivery claims (trying again at the next check-in): {Reason}")]
    public static partial void RenewFailed(ILogger logger, string reason);
}
