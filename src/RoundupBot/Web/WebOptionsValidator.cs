using Microsoft.Extensions.Options;
using RoundupBot.Configuration;

namespace RoundupBot.Web;

internal sealed class WebOptionsValidator : IValidateOptions<AdminOptions>, IValidateOptions<SecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminOptions options)
    {
        var errors = new OptionsErrors();
        if (!string.IsNullOrEmpty(options.Token) && options.Token.Length < 16)
        {
            // The value itself is a secret: say only how long it is.
            errors.Add($"Admin:Token must be at least 16 characters; got {options.Token.Length}.");
        }

        return errors.ToResult();
    }

    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        var errors = new OptionsErrors();
        if (!string.IsNullOrEmpty(options.SigningKey) && options.SigningKey.Length < 32)
        {
            errors.Add($"Security:SigningKey must be at least 32 characters; got {options.SigningKey.Length}.");
        }

        return errors.ToResult();
    }
}
