using System.Globalization;
using Microsoft.Extensions.Options;
using RoundupBot.Configuration;

namespace RoundupBot.Publishing.Discord;

internal sealed class DiscordOptionsValidator(IOptions<Web.SecurityOptions> security, IOptions<Pipeline.RoundupOptions> roundup) : IValidateOptions<DiscordOptions>
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

        Snowflakes(errors, "Discord:AdminGuildIds", options.AdminGuildIds, "a server's id (in Discord with Developer Mode on: right-click the server > Copy Server ID)");
        Snowflakes(errors, "Discord:AdminUserIds", options.AdminUserIds, "a user's id (in Discord with Developer Mode on: right-click the user > Copy User ID)");

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

        // The redirect_uri must be the one registered with Discord; taken from a request's Host header, a forged Host
        // would send the browser (and the code) elsewhere.
        if (!string.IsNullOrEmpty(options.ClientSecret) && string.IsNullOrWhiteSpace(roundup.Value.BaseUrl))
        {
            errors.Add("Roundup:BaseUrl is required once Discord:ClientSecret is set: the redirect_uri of \"Add to Discord\" is built from it, never from a request's Host header; set it to the site's public URL, such as https://roundup.example.org.");
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

    /// <summary>Each entry must be a snowflake: the decimal digits of a non-zero 64-bit number, as Discord writes ids.</summary>
    private static void Snowflakes(OptionsErrors errors, string key, List<string>? ids, string what)
    {
        for (var i = 0; i < (ids?.Count ?? 0); i++)
        {
            if (!IsSnowflake(ids![i]))
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"{key}:{i} must be {what}: up to 20 digits; got '{ids[i]}'."));
            }
        }
    }

    /// <summary>True for a Discord id: 1 to 20 ASCII digits whose value is a non-zero 64-bit number.</summary>
    internal static bool IsSnowflake(string? id) =>
        id is { Length: > 0 and <= 20 } && id.All(char.IsAsciiDigit)
        && ulong.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value != 0;

    /// <summary>Discord refuses a webhook name containing "discord" or "clyde", in any case.</summary>
    internal static bool HasReservedName(string username) =>
        username.Contains("discord", StringComparison.OrdinalIgnoreCase) || username.Contains("clyde", StringComparison.OrdinalIgnoreCase);
}
