using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RoundupBot.Model;
using RoundupBot.Pipeline;
using RoundupBot.Storage;

namespace RoundupBot.Publishing.Email;

/// <summary>
/// Double opt-in: a web subscription stores the address as pending and emails a signed, expiring confirmation link;
/// only the click confirms it. Unsubscribe links are signed per subscriber, so nobody can unsubscribe someone else.
/// Confirming or unsubscribing twice changes nothing (a replayed link is harmless).
/// </summary>
public sealed class SubscriptionService(
    IRoundupStore store,
    SubscriptionTokens tokens,
    EmailSender sender,
    IOptions<EmailOptions> email,
    IOptions<RoundupOptions> roundup,
    TimeProvider timeProvider,
    ILogger<SubscriptionService> logger)
{
    /// <summary>True when an SMTP server and a From address are configured, so confirmation emails can go out.</summary>
    public bool EmailConfigured => !string.IsNullOrWhiteSpace(email.Value.Smtp.Host) && !string.IsNullOrWhiteSpace(email.Value.From);

    /// <summary>
    /// Subscribes <paramref name="address"/> as pending and sends the confirmation email, unless the address is already
    /// confirmed or paused (then nothing is sent, and the caller answers the same either way, so the page never reveals
    /// who is subscribed).
    /// </summary>
    /// <param name="address">A bare address, already checked with <see cref="EmailAddresses.Normalize"/>.</param>
    /// <param name="baseUrl">The public root for the link, such as https://roundup.example.org.</param>
    /// <param name="cancellationToken">Stops the store write or the send.</param>
    /// <returns>False when the confirmation email could not be sent now.</returns>
    public async Task<bool> SubscribeAsync(string address, string baseUrl, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        var (subscriber, _) = await store.SubscribeAsync(address, SubscriberStatus.Pending, timeProvider.GetUtcNow(), cancellationToken);
        if (subscriber.Status != SubscriberStatus.Pending)
        {
            return true;
        }

        var link = $"{baseUrl.TrimEnd('/')}/confirm?token={tokens.Create(TokenPurpose.Confirm, subscriber.Id, subscriber.Address, null)}";
        var title = roundup.Value.Title;
        var text = string.Create(CultureInfo.InvariantCulture,
            $"Please confirm that you want to receive \"{title}\" every week:\n\n{link}\n\nThe link works for {SubscriptionTokens.DefaultConfirmLifetime.TotalDays:0} days. If you did not ask for this, ignore this email: nothing will be sent to you.\n");
        var html = string.Create(CultureInfo.InvariantCulture,
            $"<p>Please confirm that you want to receive <strong>{System.Net.WebUtility.HtmlEncode(title)}</strong> every week:</p><p><a href=\"{System.Net.WebUtility.HtmlEncode(link)}\">Confirm my subscription</a></p><p>The link works for {SubscriptionTokens.DefaultConfirmLifetime.TotalDays:0} days. If you did not ask for this, ignore this email: nothing will be sent to you.</p>");
        var results = await sender.SendBatchAsync(
            [new EmailMessage(subscriber.Address, null, $"Confirm your subscription to {title}", text, html, UnsubscribeUrl: null, UnsubscribeMailto: null)],
            cancellationToken);
        var sent = results[0].Status == EmailSendStatus.Sent;
        if (!sent)
        {
            Log.ConfirmationNotSent(logger, subscriber.Id, results[0].Status.ToString());
        }

        return sent;
    }

    /// <summary>Confirms the subscriber a confirmation token names. A replay of a used link confirms nothing new and still succeeds.</summary>
    public async Task<TokenStatus> ConfirmAsync(string? token, CancellationToken cancellationToken)
    {
        var check = tokens.Verify(token ?? "", TokenPurpose.Confirm);
        if (!check.IsValid)
        {
            return check.Status;
        }

        var subscriber = await store.GetSubscriberAsync(check.SubscriberId, cancellationToken);
        // A link for an address that has since unsubscribed (or been removed) must not bring it back.
        if (subscriber is not { Channel: DeliveryChannel.Email } || !string.Equals(subscriber.Address, check.Email, StringComparison.OrdinalIgnoreCase)
            || subscriber.Status is SubscriberStatus.Unsubscribed)
        {
            return TokenStatus.Forged;
        }

        if (subscriber.Status == SubscriberStatus.Pending)
        {
            await store.SetSubscriberStatusAsync(subscriber.Id, SubscriberStatus.Confirmed, timeProvider.GetUtcNow(), cancellationToken);
        }

        return TokenStatus.Valid;
    }

    /// <summary>Unsubscribes the subscriber an unsubscribe token names; doing it twice is harmless.</summary>
    public async Task<TokenStatus> UnsubscribeAsync(string? token, CancellationToken cancellationToken)
    {
        var check = tokens.Verify(token ?? "", TokenPurpose.Unsubscribe);
        if (!check.IsValid)
        {
            return check.Status;
        }

        var subscriber = await store.GetSubscriberAsync(check.SubscriberId, cancellationToken);
        if (subscriber is not { Channel: DeliveryChannel.Email } || !string.Equals(subscriber.Address, check.Email, StringComparison.OrdinalIgnoreCase))
        {
            return TokenStatus.Forged;
        }

        if (subscriber.Status != SubscriberStatus.Unsubscribed)
        {
            await store.SetSubscriberStatusAsync(subscriber.Id, SubscriberStatus.Unsubscribed, timeProvider.GetUtcNow(), cancellationToken);
        }

        return TokenStatus.Valid;
    }

    /// <summary>The signed, never-expiring unsubscribe link for a subscriber.</summary>
    public string UnsubscribeUrl(Subscriber subscriber, string baseUrl)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        return $"{baseUrl.TrimEnd('/')}/unsubscribe?token={tokens.Create(TokenPurpose.Unsubscribe, subscriber.Id, subscriber.Address, null)}";
    }
}
