using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Utils;

namespace RoundupBot.Publishing.Email;

/// <summary>
/// Sends email over SMTP with MailKit. <see cref="OpenBatch"/> gives one connection for many messages, throttled at
/// <see cref="EmailOptions.MessagesPerSecond"/> and reconnecting once when the server drops it; the publisher records
/// each message's outcome as it goes. <see cref="SendBatchAsync"/> sends a list at once (the confirmation email).
/// </summary>
public sealed class EmailSender(IOptions<EmailOptions> options, TimeProvider timeProvider, ILogger<EmailSender> logger)
{
    private readonly EmailOptions _options = options.Value;

    /// <summary>Opens a batch: the connection is made on the first message and closed when the batch is disposed.</summary>
    /// <exception cref="InvalidOperationException"><c>Email:Smtp:Host</c> or <c>Email:From</c> is not set.</exception>
    public EmailBatch OpenBatch()
    {
        if (string.IsNullOrWhiteSpace(_options.Smtp.Host))
        {
            throw new InvalidOperationException("Email is off: Email:Smtp:Host is not set.");
        }

        if (string.IsNullOrWhiteSpace(_options.From) || !MailboxAddress.TryParse(_options.From, out var from) || !IsAddress(from.Address))
        {
            throw new InvalidOperationException($"Email:From must be an email address such as 'Roundup <roundup@example.org>'; got '{_options.From}'.");
        }

        return new EmailBatch(this, from, _options, timeProvider, logger);
    }

    /// <summary>
    /// Sends <paramref name="messages"/> in order through one SMTP connection and returns one result per message, in the
    /// same order. A refused recipient, an invalid address or a dropped connection never stops the batch; only
    /// cancellation does (it throws <see cref="OperationCanceledException"/>, and messages already sent stay sent).
    /// If the server cannot be reached at all, every message not yet sent is a <see cref="EmailSendStatus.TransientFailure"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException"><c>Email:Smtp:Host</c> or <c>Email:From</c> is not set.</exception>
    /// <exception cref="ArgumentException">A message's unsubscribe URL is not absolute https.</exception>
    public async Task<IReadOnlyList<EmailSendResult>> SendBatchAsync(IReadOnlyList<EmailMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        foreach (var message in messages)
        {
            // A bad URL is our bug, not the recipient's: fail before anything goes out.
            CheckUnsubscribeUrl(message);
        }

        await using var batch = OpenBatch();
        var results = new List<EmailSendResult>(messages.Count);
        foreach (var message in messages)
        {
            results.Add(await batch.SendAsync(message, committed: null, cancellationToken));
        }

        return results;
    }

    internal static void CheckUnsubscribeUrl(EmailMessage message)
    {
        if (message.UnsubscribeUrl is { } url && (!url.IsAbsoluteUri || url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"The unsubscribe URL must be absolute https; got '{message.UnsubscribeUrl}'.", nameof(message));
        }
    }

    /// <summary>Builds the MIME message, or returns null when the recipient address is not one.</summary>
    internal MimeMessage? TryBuild(EmailMessage message, MailboxAddress from)
    {
        if (!IsAddress(message.ToAddress) || !MailboxAddress.TryParse(message.ToAddress, out var to) || to.Address != message.ToAddress)
        {
            return null;
        }

        to.Name = message.ToName is null ? null : SingleLine(message.ToName);
        var mime = new MimeMessage
        {
            Subject = SingleLine(message.Subject),
            Date = timeProvider.GetUtcNow(),
            MessageId = MimeUtils.GenerateMessageId(message.MessageIdDomain ?? from.Domain),
        };
        // A copy per message: a MimeMessage subscribes to its addresses' Changed events, so one shared MailboxAddress
        // would keep every message of the batch alive (measured: 40 KB per message, 400 MB for 10,000).
        mime.From.Add(new MailboxAddress(from.Name, from.Address));
        mime.To.Add(to);
        if (!string.IsNullOrWhiteSpace(_options.ListId))
        {
            mime.Headers.Add("List-Id", $"<{SingleLine(_options.ListId).Trim()}>");
        }

        if (message.UnsubscribeUrl is { } unsubscribe)
        {
            var links = $"<{unsubscribe.AbsoluteUri}>";
            if (!string.IsNullOrWhiteSpace(message.UnsubscribeMailto))
            {
                var mailto = message.UnsubscribeMailto.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)
                    ? message.UnsubscribeMailto
                    : "mailto:" + message.UnsubscribeMailto;
                links += $", <{SingleLine(mailto)}>";
            }

            mime.Headers.Add("List-Unsubscribe", links);
            mime.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        // Text first: clients show the last alternative they understand, so HTML must come last.
        var body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody };
        mime.Body = body.ToMessageBody();
        return mime;
    }

    /// <summary>A bare address: one @, a local part and a domain, no whitespace, controls or angle brackets.</summary>
    internal static bool IsAddress(string? address)
    {
        if (string.IsNullOrWhiteSpace(address) || address.Length > 254)
        {
            return false;
        }

        var at = address.LastIndexOf('@');
        if (at <= 0 || at == address.Length - 1 || address.IndexOf('@') != at)
        {
            return false;
        }

        foreach (var c in address)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or ',' or ';' or '(' or ')' or '"' or '\\' or '[' or ']')
            {
                return false;
            }
        }

        var domain = address[(at + 1)..];
        return domain.Contains('.', StringComparison.Ordinal) && !domain.StartsWith('.') && !domain.EndsWith('.') && !domain.Contains("..", StringComparison.Ordinal);
    }

    /// <summary>Replaces CR, LF and other control characters by spaces, so a name or subject can never start a new header.</summary>
    private static string SingleLine(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        return builder.ToString();
    }

    /// <summary>"reader@example.org" becomes "r***@example.org".</summary>
    internal static string Redact(string? address)
    {
        if (string.IsNullOrEmpty(address))
        {
            return "(empty)";
        }

        var at = address.LastIndexOf('@');
        return at <= 0
            ? string.Create(CultureInfo.InvariantCulture, $"({address.Length} characters, no @)")
            : string.Concat(address.AsSpan(0, 1), "***", address.AsSpan(at));
    }
}
