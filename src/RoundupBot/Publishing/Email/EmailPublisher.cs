using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RoundupBot.Model;
using RoundupBot.Pipeline;
using RoundupBot.Publishing.Outbox;
using RoundupBot.Storage;
using RoundupBot.Subscriptions.Email;

namespace RoundupBot.Publishing.Email;

/// <summary>
/// Sends the due email deliveries through one SMTP connection: each claimed, marked the moment its message is handed
/// over, and finished with the outcome before the next is claimed, so a kill loses at most the one in flight and a
/// restart sends the rest to exactly those who have not had it. Refusals strike the subscriber; transient failures
/// wait for a retry with growing pauses.
/// </summary>
public sealed class EmailPublisher(
    IRoundupStore store,
    EmailSender sender,
    SubscriptionTokens tokens,
    IOptions<EmailOptions> email,
    IOptions<RoundupOptions> roundup,
    TimeProvider timeProvider,
    ILogger<EmailPublisher> logger) : IDeliveryPublisher
{
    /// <summary>Attempts before a transient failure becomes a failure (the outbox's rule, <see cref="DeliveryRetry"/>).</summary>
    public const int MaxAttempts = DeliveryRetry.MaxAttempts;

    public DeliveryChannel Channel => DeliveryChannel.Email;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(email.Value.Smtp.Host) && !string.IsNullOrWhiteSpace(email.Value.From);

    /// <inheritdoc />
    public async Task<PublishReport> PublishDueAsync(string claimant, TimeSpan lease, CancellationToken cancellationToken)
    {
        var issues = new Dictionary<int, IssueEmail?>();
        var counts = new Dictionary<DeliveryStatus, int>();
        await using var batch = sender.OpenBatch();
        while (!batch.ServerUnreachable)
        {
            var delivery = await store.ClaimDeliveryAsync(DeliveryChannel.Email, claimant, timeProvider.GetUtcNow(), lease, cancellationToken);
            if (delivery is null)
            {
                break;
            }

            var outcome = await SendAsync(batch, delivery, issues, cancellationToken);
            await store.CompleteDeliveryAsync(delivery.Id, outcome, timeProvider.GetUtcNow(), CancellationToken.None);
            var counted = outcome.Status == DeliveryStatus.Pending ? DeliveryStatus.Sending : outcome.Status;
            counts[counted] = counts.GetValueOrDefault(counted) + 1;
            cancellationToken.ThrowIfCancellationRequested();
        }

        var report = new PublishReport
        {
            Sent = counts.GetValueOrDefault(DeliveryStatus.Sent),
            Failed = counts.GetValueOrDefault(DeliveryStatus.Failed),
            Retrying = counts.GetValueOrDefault(DeliveryStatus.Sending),
            Skipped = counts.GetValueOrDefault(DeliveryStatus.Skipped),
            Interrupted = counts.GetValueOrDefault(DeliveryStatus.Interrupted),
        };
        if (batch.ServerUnreachable)
        {
            Log.ServerUnreachable(logger, email.Value.Smtp.Host!, email.Value.Smtp.Port);
        }

        return report;
    }

    private async Task<DeliveryOutcome> SendAsync(EmailBatch batch, Delivery delivery, Dictionary<int, IssueEmail?> issues, CancellationToken cancellationToken)
    {
        var subscriber = await store.GetSubscriberAsync(delivery.SubscriberId, CancellationToken.None);
        if (subscriber is not { Status: SubscriberStatus.Confirmed, Channel: DeliveryChannel.Email })
        {
            return new DeliveryOutcome(DeliveryStatus.Skipped, subscriber is null
                ? "The subscriber was removed before this issue was sent."
                : $"The subscriber is {subscriber.Status.ToString().ToLowerInvariant()} now.");
        }

        if (!issues.TryGetValue(delivery.DigestNumber, out var issue))
        {
            var digest = await store.GetDigestAsync(delivery.DigestNumber, CancellationToken.None);
            issue = digest is null ? null : IssueEmail.Render(digest, roundup.Value.BaseUrl!, roundup.Value.Title, UnsubscribeMailto());
            issues[delivery.DigestNumber] = issue;
        }

        if (issue is null)
        {
            return new DeliveryOutcome(DeliveryStatus.Failed, $"Issue #{delivery.DigestNumber} is not in the archive.");
        }

        var message = issue.For(subscriber.Address, tokens.Create(TokenPurpose.Unsubscribe, subscriber.Id, subscriber.Address, null));
        var committed = false;
        EmailSendResult result;
        try
        {
            result = await batch.SendAsync(
                message,
                () =>
                {
                    committed = true;
                    store.MarkDeliveryCommitted(delivery.Id, timeProvider.GetUtcNow());
                },
                cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping (Ctrl+C, shutdown): a message not yet handed over goes back to the queue for the next pass.
            await store.CompleteDeliveryAsync(
                delivery.Id,
                committed
                    ? new DeliveryOutcome(DeliveryStatus.Interrupted, "Stopped after the message was handed over, before the server answered.")
                    : new DeliveryOutcome(DeliveryStatus.Pending, "Stopped before sending."),
                timeProvider.GetUtcNow(),
                CancellationToken.None);
            throw;
        }

        return Outcome(result, delivery.Attempts, timeProvider.GetUtcNow());
    }

    /// <summary>Maps a send result to what the delivery records.</summary>
    internal static DeliveryOutcome Outcome(EmailSendResult result, int attempts, DateTimeOffset now)
    {
        var reply = result.SmtpStatusCode is { } code ? $"{code} {result.Detail}" : result.Detail;
        return result.Status switch
        {
            EmailSendStatus.Sent => DeliveryOutcome.Sent,
            EmailSendStatus.PermanentFailure => new DeliveryOutcome(DeliveryStatus.Failed, reply, Bounce: true),
            EmailSendStatus.InvalidAddress => new DeliveryOutcome(DeliveryStatus.Failed, reply, Bounce: true),
            _ when result.MayHaveBeenDelivered => new DeliveryOutcome(DeliveryStatus.Interrupted, $"The connection failed after the message was handed over, so it is not sent again: {reply}"),
            _ => DeliveryRetry.AfterTransientFailure(attempts, reply, now),
        };
    }

    private string? UnsubscribeMailto()
    {
        if (!string.IsNullOrWhiteSpace(email.Value.UnsubscribeMailto))
        {
            return email.Value.UnsubscribeMailto;
        }

        // The list owner's own mailbox: a reader whose client offers only mail can still leave, and the owner removes them.
        return MimeKit.MailboxAddress.TryParse(email.Value.From, out var from) ? $"mailto:{from.Address}?subject=unsubscribe" : null;
    }
}
