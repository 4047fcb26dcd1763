using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace RoundupBot.Publishing.Email;

/// <summary>
/// One SMTP connection for many messages, from <see cref="EmailSender.OpenBatch"/>: connected on the first message,
/// throttled, reconnected once when the server hangs up, and closed politely on dispose. Not thread-safe: one sender.
/// </summary>
public sealed class EmailBatch : IAsyncDisposable
{
    private readonly EmailSender _sender;
    private readonly MailboxAddress _from;
    private readonly EmailOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SmtpClient _client = new();
    private readonly TimeSpan _throttle;
    private readonly Dictionary<EmailSendStatus, int> _counts = [];
    private DateTimeOffset _nextSendAt;
    private int _index;

    internal EmailBatch(EmailSender sender, MailboxAddress from, EmailOptions options, TimeProvider timeProvider, ILogger logger)
    {
        _sender = sender;
        _from = from;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _throttle = options.MessagesPerSecond > 0 ? TimeSpan.FromSeconds(1 / options.MessagesPerSecond) : TimeSpan.Zero;
        _nextSendAt = timeProvider.GetUtcNow();
    }

    /// <summary>True once the server could not be reached (or would not let us in); every later message fails at once.</summary>
    public bool ServerUnreachable { get; private set; }

    /// <summary>
    /// Sends one message and returns its outcome. A refused recipient, an invalid address or a dropped connection is an
    /// outcome, not an exception; only cancellation throws.
    /// </summary>
    /// <param name="message">The message.</param>
    /// <param name="committed">
    /// Called (synchronously, at most once) the moment the whole message has been handed to the server, just before the
    /// end-of-data mark: from then on the server may deliver it even if this process dies before hearing back. The
    /// outbox records that moment, so a crash can tell "never sent" (send again) from "probably sent" (do not).
    /// </param>
    /// <param name="cancellationToken">Stops the throttle wait or the send.</param>
    /// <exception cref="ArgumentException">The message's unsubscribe URL is not absolute https.</exception>
    public async Task<EmailSendResult> SendAsync(EmailMessage message, Action? committed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        EmailSender.CheckUnsubscribeUrl(message);
        var result = await SendCoreAsync(message, committed, cancellationToken);
        _counts[result.Status] = _counts.GetValueOrDefault(result.Status) + 1;
        _index++;
        return result;
    }

    private async Task<EmailSendResult> SendCoreAsync(EmailMessage message, Action? committed, CancellationToken cancellationToken)
    {
        var mime = _sender.TryBuild(message, _from);
        if (mime is null)
        {
            Log.InvalidAddress(_logger, EmailSender.Redact(message.ToAddress));
            return new EmailSendResult(message, EmailSendStatus.InvalidAddress, Detail: "The recipient address is not a valid email address.");
        }

        if (ServerUnreachable)
        {
            return new EmailSendResult(message, EmailSendStatus.TransientFailure, mime.MessageId, Detail: "The SMTP server could not be reached.");
        }

        if (_throttle > TimeSpan.Zero)
        {
            var wait = _nextSendAt - _timeProvider.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, _timeProvider, cancellationToken);
            }

            var now = _timeProvider.GetUtcNow();
            _nextSendAt = (_nextSendAt > now ? _nextSendAt : now) + _throttle;
        }

        var progress = committed is null ? null : new CommitProgress(committed);
        for (var attempt = 0; ; attempt++)
        {
            if (!_client.IsConnected)
            {
                try
                {
                    await ConnectAsync(cancellationToken);
                }
                // NotSupportedException: a User is configured but the server offers no authentication (or none over this connection).
                catch (Exception ex) when (IsConnectionFailure(ex) || ex is AuthenticationException or NotSupportedException)
                {
                    Log.ConnectFailed(_logger, _options.Smtp.Host!, _options.Smtp.Port, ex);
                    ServerUnreachable = true;
                    return new EmailSendResult(message, EmailSendStatus.TransientFailure, mime.MessageId, Detail: $"The SMTP server could not be reached: {ex.Message}");
                }
            }

            try
            {
                await _client.SendAsync(mime, cancellationToken, progress);
                return new EmailSendResult(message, EmailSendStatus.Sent, mime.MessageId);
            }
            catch (SmtpCommandException ex) when (_client.IsConnected || attempt > 0 || (int)ex.StatusCode / 100 == 5 || progress?.Committed == true)
            {
                var code = (int)ex.StatusCode;
                var redacted = EmailSender.Redact(message.ToAddress);
                Log.Refused(_logger, redacted, code, ex.Message.Replace(message.ToAddress, redacted, StringComparison.OrdinalIgnoreCase));
                var status = code / 100 == 5 ? EmailSendStatus.PermanentFailure : EmailSendStatus.TransientFailure;
                return new EmailSendResult(message, status, mime.MessageId, code, ex.Message);
            }
            catch (Exception ex) when ((IsConnectionFailure(ex) || ex is SmtpCommandException) && attempt == 0 && progress?.Committed != true)
            {
                // The server hung up (or sent 421 and hung up) before taking this message: a fresh connection usually
                // takes the rest. Once the message was handed over, sending it again could make a second copy.
                Log.Reconnecting(_logger, _index, ex);
                await DisconnectQuietlyAsync();
            }
            catch (Exception ex) when (IsConnectionFailure(ex))
            {
                await DisconnectQuietlyAsync();
                return new EmailSendResult(message, EmailSendStatus.TransientFailure, mime.MessageId, Detail: $"The connection failed: {ex.Message}")
                {
                    MayHaveBeenDelivered = progress?.Committed == true,
                };
            }
        }
    }

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var smtp = _options.Smtp;
        // Logged here, not when the batch opens: a pass with nothing to send (the retry job, every few minutes) says nothing.
        Log.BatchStarting(_logger, smtp.Host!, smtp.Port, smtp.Security);
        var secure = smtp.Security switch
        {
            SmtpSecurity.None => SecureSocketOptions.None,
            SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.StartTls,
        };
        // Our own socket, for one option MailKit leaves alone: without TCP_NODELAY the end-of-data mark waits for the
        // server's delayed ACK (about 40 ms on Linux), which caps a batch at some 25 messages a second.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(smtp.Host!, smtp.Port, cancellationToken);
            await _client.ConnectAsync(socket, smtp.Host!, smtp.Port, secure, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        if (!string.IsNullOrWhiteSpace(smtp.User))
        {
            await _client.AuthenticateAsync(smtp.User, smtp.Password ?? string.Empty, cancellationToken);
        }
    }

    private async Task DisconnectQuietlyAsync()
    {
        try
        {
            // Not quit: the server is gone or misbehaving, so close the socket without a goodbye.
            await _client.DisconnectAsync(quit: false, CancellationToken.None);
        }
        catch (Exception ex) when (IsConnectionFailure(ex))
        {
            // Already closed.
        }
    }

    private static bool IsConnectionFailure(Exception ex) =>
        ex is IOException or SocketException or SmtpProtocolException or ServiceNotConnectedException or SslHandshakeException or TimeoutException;

    /// <summary>Says goodbye to the server and logs the batch's totals.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            try
            {
                await _client.DisconnectAsync(quit: true, CancellationToken.None);
            }
            catch (Exception ex) when (IsConnectionFailure(ex) || ex is SmtpCommandException)
            {
                // Everything is sent; a server that hangs up before answering QUIT changes nothing.
            }
        }

        _client.Dispose();
        if (_index > 0)
        {
            var sent = _counts.GetValueOrDefault(EmailSendStatus.Sent);
            var permanent = _counts.GetValueOrDefault(EmailSendStatus.PermanentFailure);
            var transient = _counts.GetValueOrDefault(EmailSendStatus.TransientFailure);
            var invalid = _counts.GetValueOrDefault(EmailSendStatus.InvalidAddress);
            Log.BatchFinished(_logger, sent, permanent, transient, invalid);
        }
    }

    /// <summary>Turns MailKit's byte count of the message data into the one "handed over in full" moment.</summary>
    private sealed class CommitProgress(Action committed) : ITransferProgress
    {
        public bool Committed { get; private set; }

        public void Report(long bytesTransferred, long totalSize)
        {
            if (!Committed && totalSize > 0 && bytesTransferred >= totalSize)
            {
                Committed = true;
                committed();
            }
        }

        public void Report(long bytesTransferred)
        {
        }
    }
}
