using Microsoft.Extensions.Logging;

namespace RoundupBot.Publishing.Email;

// Recipients appear only redacted (r***@example.org) and passwords never: logs get shared in bug reports.
internal static partial class Log
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "Sending email through {Host}:{Port} ({Security})")]
    public static partial void BatchStarting(ILogger logger, string host, int port, SmtpSecurity security);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Email batch done: {SentCount} sent, {PermanentCount} permanent failures, {TransientCount} transient failures, {InvalidCount} invalid addresses")]
    public static partial void BatchFinished(ILogger logger, int sentCount, int permanentCount, int transientCount, int invalidCount);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "The SMTP server dropped the connection at message {Index} of the batch; reconnecting once")]
    public static partial void Reconnecting(ILogger logger, int index, Exception exception);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "The SMTP server refused {Recipient} with {StatusCode}: {Reply}")]
    public static partial void Refused(ILogger logger, string recipient, int statusCode, string reply);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Error, Message = "Could not connect to the SMTP server {Host}:{Port}; the unsent emails of the batch are left for a retry")]
    public static partial void ConnectFailed(ILogger logger, string host, int port, Exception exception);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Warning, Message = "Skipped an invalid recipient address {Recipient}")]
    public static partial void InvalidAddress(ILogger logger, string recipient);

    [LoggerMessage(EventId = 4107, Level = LogLevel.Error, Message = "The SMTP server {Host}:{Port} cannot be reached; the issue's remaining emails wait in the queue for the retry job")]
    public static partial void ServerUnreachable(ILogger logger, string host, int port);
}
