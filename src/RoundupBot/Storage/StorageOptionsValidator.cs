using Microsoft.Extensions.Options;
using RoundupBot.Configuration;
using RoundupBot.Storage.Postgres;

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
                if (string.IsNullOrWhiteSpace(options.ConnectionString))
                {
                    errors.Add(
                        "Storage:ConnectionString is required when Storage:Provider is 'postgres': an Npgsql connection string such as " +
                        "Host=db;Database=roundup;Username=roundup (give the password through ROUNDUP__Storage__ConnectionString).");
                }
                else
                {
                    try
                    {
                        PostgresExecutor.ParseConnectionString(options.ConnectionString);
                    }
                    catch (StoreException ex)
                    {
                        // The message names the key and never quotes the value, which may hold a password.
                        errors.Add(ex.Message);
                    }
                }

                break;
            default:
                errors.Add($"Storage:Provider must be 'sqlite' or 'postgres'; got '{options.Provider}'.");
                break;
        }

        errors.Range("Storage:CheckinInterval", options.CheckinInterval, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        errors.Range("Storage:CheckinMisfireThreshold", options.CheckinMisfireThreshold, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        return errors.ToResult();
    }
}
