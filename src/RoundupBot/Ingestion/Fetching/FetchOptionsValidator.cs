using Microsoft.Extensions.Options;
using RoundupBot.Configuration;

namespace RoundupBot.Ingestion.Fetching;

internal sealed class FetchOptionsValidator : IValidateOptions<FetchOptions>
{
    public ValidateOptionsResult Validate(string? name, FetchOptions options)
    {
        var errors = new OptionsErrors();
        errors.Range("Fetch:Interval", options.Interval, TimeSpan.FromMinutes(1), TimeSpan.FromDays(7));
        errors.Range("Fetch:Timeout", options.Timeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        errors.Range("Fetch:MaxBytes", options.MaxBytes, 1024, 1L << 30);
        errors.Range("Fetch:Concurrency", options.Concurrency, 1, 64);
        errors.Range("Fetch:PerHostConcurrency", options.PerHostConcurrency, 1, 16);
        errors.Range("Fetch:MaxRedirects", options.MaxRedirects, 0, 20);
        errors.Range("Fetch:ArxivSpacing", options.ArxivSpacing, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        errors.Range("Fetch:MaxBackoff", options.MaxBackoff, TimeSpan.FromMinutes(1), TimeSpan.FromDays(30));
        errors.Range("Fetch:RetryDelay", options.RetryDelay, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        if (string.IsNullOrWhiteSpace(options.UserAgent) || options.UserAgent.Any(char.IsControl))
        {
            errors.Add("Fetch:UserAgent must be a non-empty single line naming the bot, such as 'RoundupBot/1.0 (+https://roundup.example.org)'.");
        }
        return errors.ToResult();
    }
}
