using Microsoft.Extensions.Logging;

namespace RoundupBot.Publishing.Outbox;

internal static partial class Log
{
    [LoggerMessage(700, LogLevel.Warning, "Recovered the deliveries of a publisher that stopped: {Requeued} back in the queue, {Interrupted} interrupted after the message was handed over (not sent again)")]
    public static partial void Recovered(ILogger logger, int requeued, int interrupted);
}
