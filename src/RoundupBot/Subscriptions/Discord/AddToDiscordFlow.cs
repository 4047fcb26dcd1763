using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RoundupBot.Publishing.Discord;
using RoundupBot.Subscriptions.Email;

namespace RoundupBot.Subscriptions.Discord;

/// <summary>
/// "Add to Discord": OAuth2 with the scope <c>webhook.incoming</c>. <see cref="Start"/> gives the URL of Discord's
/// authorize page, where the user picks a server and channel; Discord then sends the browser to
/// <c>/discord/callback</c> with a code, which <see cref="CompleteAsync"/> exchanges for the webhook Discord created in
/// that channel, and stores as a subscription.
/// </summary>
/// <remarks>
/// The <c>state</c> parameter is signed, expires after <see cref="DiscordOAuthState.Lifetime"/>, and is bound to the
/// starting browser by a nonce cookie, and is accepted once, so a callback nobody started here (or one replayed) is
/// refused before any code is exchanged.
/// The token response's access token is dropped at once: the webhook is all RoundupBot keeps.
/// </remarks>
public sealed class AddToDiscordFlow(
    DiscordApiClient api,
    DiscordOAuthState state,
    DiscordSubscriptions subscriptions,
    IOptions<DiscordOptions> options,
    ILogger<AddToDiscordFlow> logger)
{
    /// <summary>Where Discord sends the browser back, under the public base URL; register it in the Developer Portal's OAuth2 redirects.</summary>
    public const string CallbackPath = "/discord/callback";

    /// <summary>The only scope asked for: a webhook in a channel the user picks, nothing about the user.</summary>
    public const string Scope = "webhook.incoming";

    /// <summary>True when <c>Discord:ApplicationId</c> and <c>Discord:ClientSecret</c> are set: the button shows and the routes work.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(options.Value.ApplicationId) && !string.IsNullOrWhiteSpace(options.Value.ClientSecret);

    /// <summary>The redirect URI for <paramref name="publicBaseUrl"/> (no trailing slash), the same in both steps as OAuth2 requires.</summary>
    public static string RedirectUri(string publicBaseUrl) => publicBaseUrl.TrimEnd('/') + CallbackPath;

    /// <summary>Discord's authorize URL with a fresh state, and the nonce the browser must keep in a cookie until the callback.</summary>
    /// <exception cref="InvalidOperationException">Not configured (see <see cref="IsConfigured"/>) or no <c>Security:SigningKey</c>.</exception>
    public (Uri AuthorizeUrl, string Nonce) Start(string publicBaseUrl)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(publicBaseUrl);
        if (!IsConfigured)
        {
            throw new InvalidOperationException("Add to Discord needs Discord:ApplicationId and Discord:ClientSecret.");
        }

        var (signed, nonce) = state.Create();
        var query = string.Join('&', new[]
        {
            ("response_type", "code"),
            ("client_id", options.Value.ApplicationId!),
            ("scope", Scope),
            ("redirect_uri", RedirectUri(publicBaseUrl)),
            ("state", signed),
        }.Select(p => Uri.EscapeDataString(p.Item1) + "=" + Uri.EscapeDataString(p.Item2)));
        var authorize = options.Value.OAuthAuthorizeUrl;
        return (new Uri(authorize + (authorize.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query), nonce);
    }

    /// <summary>
    /// Handles Discord's callback: refuses a denied authorization, a bad or expired state and a missing code without
    /// calling Discord; otherwise exchanges the code (with the same redirect URI) and stores the webhook. Nothing is
    /// stored unless the result is <see cref="AddToDiscordStatus.Added"/>.
    /// </summary>
    /// <param name="code">The <c>code</c> query parameter.</param>
    /// <param name="signedState">The <c>state</c> query parameter.</param>
    /// <param name="error">The <c>error</c> query parameter Discord sends instead of a code (<c>access_denied</c> on Cancel).</param>
    /// <param name="nonce">The nonce from the browser's cookie.</param>
    /// <param name="publicBaseUrl">The same base URL <see cref="Start"/> was given.</param>
    /// <param name="cancellationToken">Stops the exchange; the webhook may then exist on Discord without being stored.</param>
    public async Task<AddToDiscordResult> CompleteAsync(string? code, string? signedState, string? error, string? nonce, string publicBaseUrl, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(publicBaseUrl);
        if (!string.IsNullOrEmpty(error))
        {
            var detail = Shorten(error);
            Log.OAuthRefused(logger, "Discord reported " + detail);
            return new AddToDiscordResult(AddToDiscordStatus.Denied, Detail: detail);
        }

        switch (state.Redeem(signedState, nonce))
        {
            case TokenStatus.Valid:
                break;
            case TokenStatus.Expired:
                Log.OAuthRefused(logger, "expired state");
                return new AddToDiscordResult(AddToDiscordStatus.ExpiredState);
            case var status:
                if (logger.IsEnabled(LogLevel.Information))
                {
                    var reason = status.ToString().ToLowerInvariant() + " state";
                    Log.OAuthRefused(logger, reason);
                }

                return new AddToDiscordResult(AddToDiscordStatus.BadState);
        }

        if (string.IsNullOrEmpty(code) || code.Length > 512)
        {
            Log.OAuthRefused(logger, "no code");
            return new AddToDiscordResult(AddToDiscordStatus.MissingCode);
        }

        DiscordWebhookInfo webhook;
        try
        {
            webhook = await api.ExchangeCodeAsync(code, RedirectUri(publicBaseUrl), cancellationToken);
        }
        catch (DiscordApiException ex)
        {
            Log.OAuthExchangeFailed(logger, ex.Message);
            return new AddToDiscordResult(AddToDiscordStatus.ExchangeFailed, Detail: ex.Message);
        }

        await subscriptions.AddWebhookAsync(webhook, cancellationToken);
        Log.OAuthSubscribed(logger, webhook.ChannelId ?? "(unknown)", webhook.GuildId ?? "(unknown)", webhook.Id);
        return new AddToDiscordResult(AddToDiscordStatus.Added, webhook);
    }

    private static string Shorten(string text) =>
        string.Create(CultureInfo.InvariantCulture, $"{(text.Length > 64 ? text[..64] + "…" : text)}");
}
