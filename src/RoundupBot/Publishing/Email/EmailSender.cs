using System.Globalization;
using System.Net.Sockets;
using System.Text;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Utils;

namespace RoundupBot.Publishing.Email;

/// <summary>
/// Sends batches of emails over SMTP with MailKit: one connection per batch, throttled at
/// <see cref="EmailOptions.MessagesPerSecond"/>, reconnecting once when the server drops the connection.
/// </summary>
public sealed class EmailSender(IOptions<EmailOptions> options, TimeProvider timeProvider, ILogger<EmailSender> logger)
{
    private readonly EmailOptions _options = options.Value;

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
        var smtp = _options.Smtp;
        if (string.IsNullOrWhiteSpace(smtp.Host))
        {
            throw new InvalidOperationException("Email is off: Email:Smtp:Host is not set.");
        }

        if (string.IsNullOrWhiteSpace(_options.From) || !MailboxAddress.TryParse(_options.From, out var from) || !IsAddress(from.Address))
        {
            throw new InvalidOperationException($"Email:From must be an email address such as 'Roundup <roundup@example.org>'; got '{_options.From}'.");
        }

        foreach (var message in messages)
        {
            // A bad URL is our bug, not the recipient's: fail before anything goes out.
            if (message.UnsubscribeUrl is { } url && (!url.IsAbsoluteUri || url.Scheme != Uri.UriSchemeHttps))
            {
                throw new ArgumentException($"The unsubscribe URL must be absolute https; got '{message.UnsubscribeUrl}'.", nameof(messages));
            }
        }

        Log.BatchStarting(logger, messages.Count, smtp.Host, smtp.Port, smtp.Security);
        var results = new EmailSendResult?[messages.Count];
        var throttle = _options.MessagesPerSecond > 0 ? TimeSpan.FromSeconds(1 / _options.MessagesPerSecond) : TimeSpan.Zero;
        var nextSendAt = timeProvider.GetUtcNow();
        using var client = new SmtpClient();
        var unreachable = false;

        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            var mime = TryBuild(message, from);
            if (mime is null)
            {
                Log.InvalidAddress(logger, Redact(message.ToAddress));
                results[i] = new EmailSendResult(message, EmailSendStatus.InvalidAddress, Detail: "The recipient address is not a valid email address.");
                continue;
            }

            if (unreachable)
            {
                results[i] = new EmailSendResult(message, EmailSendStatus.TransientFailure, mime.MessageId, Detail: "The SMTP server could not be reached.");
                continue;
            }

            if (throttle > TimeSpan.Zero)
            {
                var wait = nextSendAt - timeProvider.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, timeProvider, cancellationToken);
                }

                var now = timeProvider.GetUtcNow();
                nextSendAt = (nextSendAt > now ? nextSendAt : now) + throttle;
            }

            var result = await SendOneAsync(client, message, mime, i, cancellationToken);
            unreachable = result is null;
            results[i] = result ?? new EmailSendResult(message, EmailSendStatus.TransientFailure, mime.MessageId, Detail: "The SMTP server could not be reached.");
        }

        if (client.IsConnected)
        {
            try
            {
                await client.DisconnectAsync(quit: true, cancellationToken);
            }
            catch (Exception ex) when (IsConnectionFailure(ex))
            {
                // Everything is sent; a server that hangs up before answering QUIT changes nothing.
            }
        }

        var final = results.Select(r => r!).ToArray();
        Log.BatchFinished(
            logger,
            final.Count(r => r.Status == EmailSendStatus.Sent),
            final.Count(r => r.Status == EmailSendStatus.PermanentFailure),
            final.Count(r => r.Status == EmailSendStatus.TransientFailure),
            final.Count(r => r.Status == EmailSendStatus.InvalidAddress));
        return final;
    }

    /// <summary>Sends one message, reconnecting once if the connection is gone. Null means the server cannot be reached.</summary>
    private async Task<EmailSendResult?> SendOneAsync(SmtpClient client, EmailMessage message, MimeMessage mime, int index, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (!client.IsConnected)
            {
                try
                {
                    await ConnectAsync(client, cancellationToken);
                }
                // NotSupportedException: a User is configured but the server offers no authentication (or none over this connection).
                catch (Exception ex) when (IsConnectionFailure(ex) || ex is AuthenticationException or NotSupportedException)
                {
                    Log.ConnectFailed(logger, _options.Smtp.Host!, _options.Smtp.Port, ex);
                    return null;
                }
            }

            try
            {
                await client.SendAsync(mime, cancellationToken);
                return new EmailSendResult(message, EmailSendStatus.Sent, mime.MessageId);
            }
            catch (SmtpCommandException ex) when (client.IsConnected || attempt > 0 || (int)ex.StatusCode / 100 == 5)
            {
                var code = (int)ex.StatusCode;
                Log.Refused(logger, Redact(message.ToAddress), code, ex.Message.Replace(message.ToAddress, Redact(message.ToAddress), StringComparison.OrdinalIgnoreCase));
                var status = code / 100 == 5 ? EmailSendStatus.PermanentFailure : EmailSendStatus.TransientFailure;
                return new EmailSendResult(message, status, mime.MessageId, code, ex.Message);
            }
            catch (Exception ex) when ((IsConnectionFailure(ex) || ex is SmtpCommandException) && attempt == 0)
            {
                // The server hung up (or sent 421 and hung up) mid-batch: a fresh connection usually takes the rest.
                Log.Reconnecting(logger, index, ex);
                await DisconnectQuietlyAsync(client);
            }
            catch (Exception ex) when (IsConnectionFailure(ex))
            {
                await DisconnectQuietlyAsync(client);
                return new EmailSendResult(message, EmailSendStatus.TransientFailure, mime.MessageId, Detail: $"The connection failed: {ex.Message}");
            }
        }
    }

    private async Task ConnectAsync(SmtpClient client, CancellationToken cancellationToken)
    {
        var smtp = _options.Smtp;
        var secure = smtp.Security switch
        {
            SmtpSecurity.None => SecureSocketOptions.None,
            SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.StartTls,
        };
        await client.ConnectAsync(smtp.Host!, smtp.Port, secure, cancellationToken);
        if (!string.IsNullOrWhiteSpace(smtp.User))
        {
            await client.AuthenticateAsync(smtp.User, smtp.Password ?? string.Empty, cancellationToken);
        }
    }

    private static async Task DisconnectQuietlyAsync(SmtpClient client)
    {
        try
        {
            // Not quit: the server is gone or misbehaving, so close the socket without a goodbye.
            await client.DisconnectAsync(quit: false, CancellationToken.None);
        }
        catch (Exception ex) when (IsConnectionFailure(ex))
        {
            // Already closed.
        }
    }

    private static bool IsConnectionFailure(Exception ex) =>
        ex is IOException or SocketException or SmtpProtocolException or ServiceNotConnectedException or SslHandshakeException or TimeoutException;

    /// <summary>Builds the MIME message, or returns null when the recipient address is not one.</summary>
    private MimeMessage? TryBuild(EmailMessage message, MailboxAddress from)
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
        mime.From.Add(from);
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
    private static bool IsAddress(string? address)
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
