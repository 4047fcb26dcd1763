namespace RoundupBot.Publishing.Email;

/// <summary>The outcome for one message of a batch, in the batch's order.</summary>
/// <param name="Message">The message this result is for.</param>
/// <param name="Status">Sent, or how it failed.</param>
/// <param name="MessageId">The Message-ID header (without angle brackets) when the message was built, else null.</param>
/// <param name="SmtpStatusCode">The server's reply code (such as 550 or 451) when it refused the message, else null.</param>
/// <param name="Detail">The server's reply text or the reason the message was not sent; null when sent.</param>
public sealed record EmailSendResult(
    EmailMessage Message,
    EmailSendStatus Status,
    string? MessageId = null,
    int? SmtpStatusCode = null,
    string? Detail = null)
{
    /// <summary>
    /// True when the connection failed after the whole message had been handed over: the server may have delivered it,
    /// so sending it again could make a second copy.
    /// </summary>
    public bool MayHaveBeenDelivered { get; init; }
}
