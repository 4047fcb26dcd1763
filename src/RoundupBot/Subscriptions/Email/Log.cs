using Microsoft.Extensions.Logging;

namespace RoundupBot.Subscriptions.Email;

// Subscribers appear by id only: an address is personal data and logs get shared in bug reports.
internal static partial class Log
{
    [LoggerMessage(606, LogLevel.Warning, "The confirmation email to subscriber {SubscriberId} was not sent ({Status}); they can subscribe again")]
    public static partial void ConfirmationNotSent(ILogger logger, long subscriberId, string status);

    [LoggerMessage(608, LogLevel.Warning, "The queue of confirmation emails is full ({Capacity} emails); the email to subscriber {SubscriberId} is dropped and they can subscribe again")]
    public static partial void PendingConfirmationsFull(ILogger logger, long subscriberId, int capacity);

    [LoggerMessage(609, LogLevel.Error, "Sending {Count} confirmation emails failed; they can subscribe again")]
    public static partial void ConfirmationBatchFailed(ILogger logger, int count, Exception exception);
}
