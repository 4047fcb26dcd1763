using Microsoft.Extensions.Logging;

namespace RoundupBot.Subscriptions.Email;

// Subscribers appear by id only: an address is personal data and logs get shared in bug reports.
internal static partial class Log
{
    [LoggerMessage(EventId = 5100, Level = LogLevel.Warning, Message = "The confirmation email to subscriber {SubscriberId} was not sent ({Status}); they can subscribe again")]
    public static partial void ConfirmationNotSent(ILogger logger, long subscriberId, string status);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "The queue of confirmation emails is full ({Capacity} emails); the email to subscriber {SubscriberId} is dropped and they can subscribe again")]
    public static partial void PendingConfirmationsFull(ILogger logger, long subscriberId, int capacity);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Error, Message = "Sending {Count} confirmation emails failed; they can subscribe again")]
    public static partial void ConfirmationBatchFailed(ILogger logger, int count, Exception exception);
}
