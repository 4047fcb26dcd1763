using Microsoft.Extensions.Options;
using RoundupBot.Model;
using RoundupBot.Storage;

namespace RoundupBot.Publishing.Email;

/// <summary>
/// Double opt-in: a web subscription stores the address as pending and queues a signed, expiring confirmation link
/// (<see cref="PendingConfirmations"/>); only a confirmation confirms it. Unsubscribe links are signed per subscriber, so
/// nobody can unsubscribe someone else. Confirming or unsubscribing twice changes nothing (a replayed link is harmless).
/// </summary>
public sealed class SubscriptionService(
    IRoundupStore store,
    SubscriptionTokens tokens,
    PendingConfirmations confirmations,
    IOptions<EmailOptions> email,
    TimeProvider timeProvider)
{
    /// <summary>True when an SMTP server and a From address are configured, so confirmation emails can go out.</summary>
    public bool EmailConfigured => !string.IsNullOrWhiteSpace(email.Value.Smtp.Host) && !string.IsNullOrWhiteSpace(email.Value.From);

    /// <summary>
    /// Subscribes <paramref name="address"/> as pending and queues the confirmation email, unless the address is already
    /// confirmed or paused, or one was queued for it within <see cref="SubscribeOptions.ResendAfter"/>. Nothing is sent
    /// before this returns, and it does the same store work either way, so the caller's answer never reveals who is
    /// subscribed, not even by its timing.
    /// </summary>
    /// <param name="address">A bare address, already checked with <see cref="EmailAddresses.Normalize"/>.</param>
    /// <param name="baseUrl">The public root for the link, such as https://roundup.example.org.</param>
    /// <param name="cancellationToken">Stops the store write.</param>
    public async Task SubscribeAsync(string address, string baseUrl, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        var (subscriber, _) = await store.SubscribeAsync(address, SubscriberStatus.Pending, timeProvider.GetUtcNow(), cancellationToken);
        if (subscriber.Status == SubscriberStatus.Pending)
        {
            confirmations.TryEnqueue(new ConfirmationRequest(subscriber.Id, subscriber.Address, baseUrl));
        }
    }

    /// <summary>
    /// What a confirmation link would do, changing nothing: <see cref="TokenStatus.Valid"/> when it names a pending or
    /// confirmed subscriber at the address it was made for. The confirm page shows its button only then.
    /// </summary>
    public async Task<TokenStatus> CheckConfirmationAsync(string? token, CancellationToken cancellationToken) =>
        (await ResolveConfirmationAsync(token, cancellationToken)).Status;

    /// <summary>Confirms the subscriber a confirmation token names. A replay of a used link confirms nothing new and still succeeds.</summary>
    public async Task<TokenStatus> ConfirmAsync(string? token, CancellationToken cancellationToken)
    {
        var (status, subscriber) = await ResolveConfirmationAsync(token, cancellationToken);
        if (status == TokenStatus.Valid && subscriber!.Status == SubscriberStatus.Pending)
        {
            await store.SetSubscriberStatusAsync(subscriber.Id, SubscriberStatus.Confirmed, timeProvider.GetUtcNow(), cancellationToken);
        }

        return status;
    }

    /// <summary>Unsubscribes the subscriber an unsubscribe token names; doing it twice is harmless.</summary>
    public async Task<TokenStatus> UnsubscribeAsync(string? token, CancellationToken cancellationToken)
    {
        var (status, subscriber) = await ResolveAsync(token, TokenPurpose.Unsubscribe, cancellationToken);
        if (status == TokenStatus.Valid && subscriber!.Status != SubscriberStatus.Unsubscribed)
        {
            await store.SetSubscriberStatusAsync(subscriber.Id, SubscriberStatus.Unsubscribed, timeProvider.GetUtcNow(), cancellationToken);
        }

        return status;
    }

    /// <summary>The signed, never-expiring unsubscribe link for a subscriber.</summary>
    public string UnsubscribeUrl(Subscriber subscriber, string baseUrl)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        return $"{baseUrl.TrimEnd('/')}/unsubscribe?token={tokens.Create(TokenPurpose.Unsubscribe, subscriber.Id, subscriber.Address, null)}";
    }

    private async Task<(TokenStatus Status, Subscriber? Subscriber)> ResolveConfirmationAsync(string? token, CancellationToken cancellationToken)
    {
        var (status, subscriber) = await ResolveAsync(token, TokenPurpose.Confirm, cancellationToken);
        // A link for an address that has since unsubscribed must not bring it back.
        return status == TokenStatus.Valid && subscriber!.Status == SubscriberStatus.Unsubscribed ? (TokenStatus.Forged, null) : (status, subscriber);
    }

    /// <summary>The email subscriber a token names, when the token is valid and was made for that subscriber's address.</summary>
    private async Task<(TokenStatus Status, Subscriber? Subscriber)> ResolveAsync(string? token, TokenPurpose purpose, CancellationToken cancellationToken)
    {
        var check = tokens.Verify(token ?? "", purpose);
        if (!check.IsValid)
        {
            return (check.Status, null);
        }

        var subscriber = await store.GetSubscriberAsync(check.SubscriberId, cancellationToken);
        // A removed subscriber, a Discord one, or a reused id with another address: the token is not theirs.
        return subscriber is { Channel: DeliveryChannel.Email } && tokens.IsFor(check, subscriber.Address)
            ? (TokenStatus.Valid, subscriber)
            : (TokenStatus.Forged, null);
    }
}
