namespace RoundupBot.Publishing.Email;

/// <summary>
/// One email to one subscriber. <see cref="EmailSender"/> turns it into a multipart/alternative message (text, then HTML)
/// with the From, List-Id and List-Unsubscribe headers the options and this record give.
/// </summary>
/// <param name="ToAddress">The recipient's bare address, such as <c>reader@example.org</c>. An invalid one yields
/// <see cref="EmailSendStatus.InvalidAddress"/> and nothing is sent for it.</param>
/// <param name="ToName">The recipient's display name, or null. CR, LF and other control characters are replaced by spaces.</param>
/// <param name="Subject">The subject (the issue title). CR, LF and other control characters are replaced by spaces.</param>
/// <param name="TextBody">The text/plain part; it should carry the same content as the HTML part.</param>
/// <param name="HtmlBody">The text/html part.</param>
/// <param name="UnsubscribeUrl">The one-click (RFC 8058) unsubscribe URL for this recipient; must be absolute https.
/// Null for a transactional message (the opt-in confirmation), which then carries no List-Unsubscribe headers.</param>
/// <param name="UnsubscribeMailto">The mail unsubscribe address, with or without the <c>mailto:</c> scheme; null for none.</param>
/// <param name="MessageIdDomain">The domain after the <c>@</c> in the Message-ID; null means the From address's domain.</param>
public sealed record EmailMessage(
    string ToAddress,
    string? ToName,
    string Subject,
    string TextBody,
    string HtmlBody,
    Uri? UnsubscribeUrl,
    string? UnsubscribeMailto,
    string? MessageIdDomain = null);
