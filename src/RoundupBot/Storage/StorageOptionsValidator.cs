using Microsoft.Extensions.Options;
using RoundupBot.Configuration;

namespace RoundupBot.Storage;

internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var errors = new OptionsErrors();
        switch (options.Provider?.Trim().ToLowerInvariant())
        {
            case "sqlite":
                break;
            case "postgres":
                errors.Add("Storage:Provider 'postgres' is not available in this version; use 'sqlite'.");
                break;
            default:
                errors.Add($"Storage:Provider must be 'sqlite' or 'postgres'; got '{options.Provider}'.");
                break;
        }

        return errors.ToResult();
    }
}
