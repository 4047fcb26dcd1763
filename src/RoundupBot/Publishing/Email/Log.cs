using Microsoft.Extensions.Logging;

namespace RoundupBot.Publishing.Email;

// Recipients appear only redacted (r***@example.org) and passwords never: logs get shared in bug reports.
internal static partial class Log
{
    [LoggerMessage(600, LogLevel.Information, "Sending email through {Host}:{Port} ({Security})")]
    public static partial void BatchStarting(ILogger logger, string host, int port, SmtpSecurity security);

    [LoggerMessage(601, LogLevel.Information, "Email batch done: {SentCount} sent, {PermanentCount} permanent failures, {TransientCount} transient failures, {InvalidCount} invalid addresses")]
    public static partial void BatchFinished(ILogger logger, int sentCount, int permanentCount, int transientCount, int invalidCount);

    [LoggerMessage(602, LogLevel.Warning, "The SMTP server dropped the connection at message {Index} of the batch; reconnecting once")]
    public static partial void Reconnecting(ILogger logger, int index, Exception exception);

    [LoggerMessage(603, LogLevel.Warning, "The SMTP server refused {Recipient} with {StatusCode}: {Reply}")]
    public static partial void Refused(ILogger logger, string recipient, int statusCode, string reply);

    [LoggerMessage(604, LogLevel.Error, "Could not connect to the SMTP server {Host}:{Port}; the unsent emails of the batch are left for a retry")]
    public static partial void ConnectFailed(ILogger logger, string host, int port, Exception exception);

    [LoggerMessage(605, LogLevel.Warning, "Skipped an invalid recipient address {Recipient}")]
    public static partial void InvalidAddress(ILogger logger, string recipient);

    [LoggerMessage(606, LogLevel.Warning, "The confirmation email to subscriber {SubscriberId} was not sent ({Status}); they can subscribe again")]
    public static partial void ConfirmationNotSent(ILogger logger, long subscriberId, string status);

    [LoggerMessage(608, LogLevel.Warning, "The queue of confirmation emails is full ({Capacity} emails); the email to subscriber {SubscriberId} is dropped and they can subscribe again")]
    public static partial void PendingConfirmationsFull(ILogger logger, long subscriberId, int capacity);

    [LoggerMessage(609, LogLevel.Error, "Sending {Count} confirmation emails failed; they can subscribe again")]
    public static partial void ConfirmationBatchFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(607, LogLevel.Error, "The SMTP server {Host}:{Port} cannot be reached; the issue's remaining emails wait in the queue for the retry job")]
    public static partial void ServerUnreachable(ILogger logger, string host, int port);
}
