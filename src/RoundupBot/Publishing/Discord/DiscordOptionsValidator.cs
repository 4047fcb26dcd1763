using Microsoft.Extensions.Options;
using RoundupBot.Configuration;

namespace RoundupBot.Publishing.Discord;

internal sealed class DiscordOptionsValidator : IValidateOptions<DiscordOptions>
{
    public ValidateOptionsResult Validate(string? name, DiscordOptions options)
    {
        var errors = new OptionsErrors();
        errors.HttpUrl("Discord:ApiBaseUrl", options.ApiBaseUrl, required: true);
        errors.HttpUrl("Discord:AvatarUrl", options.AvatarUrl);
        if (options.Username is { Length: > 80 })
        {
            errors.Add($"Discord:Username must be at most 80 characters; got {options.Username.Length}.");
        }

        if (!string.IsNullOrEmpty(options.PublicKey)
            && (options.PublicKey.Length != 64 || !options.PublicKey.All(Uri.IsHexDigit)))
        {
            errors.Add("Discord:PublicKey must be the application's public key: 64 hexadecimal characters.");
        }

        return errors.ToResult();
    }
}
