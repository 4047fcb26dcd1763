using Microsoft.Extensions.Options;
using RoundupBot.Configuration;

namespace RoundupBot.Publishing.Discord;

internal sealed class DiscordOptionsValidator(IOptions<Web.SecurityOptions> security) : IValidateOptions<DiscordOptions>
{
    public ValidateOptionsResult Validate(string? name, DiscordOptions options)
    {
        var errors = new OptionsErrors();
        errors.HttpUrl("Discord:ApiBaseUrl", options.ApiBaseUrl, required: true);
        errors.HttpUrl("Discord:AvatarUrl", options.AvatarUrl);
        errors.HttpUrl("Discord:OAuthAuthorizeUrl", options.OAuthAuthorizeUrl, required: true);
        if (!string.IsNullOrEmpty(options.ApplicationId) && (options.ApplicationId.Length > 20 || !options.ApplicationId.All(char.IsAsciiDigit)))
        {
            errors.Add($"Discord:ApplicationId must be the application's id from the Developer Portal: digits only; got '{options.ApplicationId}'.");
        }

        // "Add to Discord" needs both halves of the OAuth2 client, and a key to sign its state parameter; finding out
        // on the first click would be too late.
        if (!string.IsNullOrEmpty(options.ClientSecret) && string.IsNullOrEmpty(options.ApplicationId))
        {
            errors.Add("Discord:ApplicationId is required once Discord:ClientSecret is set: it is the OAuth2 client id of \"Add to Discord\".");
        }

        if (!string.IsNullOrEmpty(options.ClientSecret) && string.IsNullOrWhiteSpace(security.Value.SigningKey))
        {
            errors.Add("Security:SigningKey is required once Discord:ClientSecret is set: it signs the state of \"Add to Discord\" against forged callbacks; give it through ROUNDUP__Security__SigningKey (at least 32 characters).");
        }

        if (options.Username is { Length: > 80 })
        {
            errors.Add($"Discord:Username must be at most 80 characters; got {options.Username.Length}.");
        }

        if (options.Username is { } username && HasReservedName(username))
        {
            errors.Add($"Discord:Username must not contain 'discord' or 'clyde' (Discord refuses such names); got '{username}'.");
        }

        errors.Range("Discord:Timeout", options.Timeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));
        errors.Range("Discord:MaxRetries", options.MaxRetries, 0, 10);
        errors.Range("Discord:RetryDelay", options.RetryDelay, TimeSpan.Zero, TimeSpan.FromMinutes(5));
        errors.Range("Discord:GlobalRequestsPerSecond", options.GlobalRequestsPerSecond, 1, 1000);

        if (!string.IsNullOrEmpty(options.PublicKey)
            && (options.PublicKey.Length != 64 || !options.PublicKey.All(Uri.IsHexDigit)))
        {
            errors.Add("Discord:PublicKey must be the application's public key: 64 hexadecimal characters.");
        }

        return errors.ToResult();
    }

    /// <summary>Discord refuses a webhook name containing "discord" or "clyde", in any case.</summary>
    internal static bool HasReservedName(string username) =>
        username.Contains("discord", StringComparison.OrdinalIgnoreCase) || username.Contains("clyde", StringComparison.OrdinalIgnoreCase);
}
