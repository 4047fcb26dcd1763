using System.Globalization;

namespace RoundupBot.Configuration;

/// <summary>Collects every failure of one options object, each naming the key, the rule and the value found.</summary>
internal sealed class OptionsErrors
{
    private readonly List<string> _failures = [];

    public IReadOnlyList<string> Failures => _failures;

    public void Add(string message) => _failures.Add(message);

    public void Range(string key, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            _failures.Add($"{key} must be between {Format(min)} and {Format(max)}; got {Format(value)}.");
        }
    }

    public void Range(string key, long value, long min, long max)
    {
        if (value < min || value > max)
        {
            _failures.Add(string.Create(CultureInfo.InvariantCulture, $"{key} must be between {min} and {max}; got {value}."));
        }
    }

    public void Range(string key, double value, double min, double max)
    {
        if (double.IsNaN(value) || value < min || value > max)
        {
            _failures.Add(string.Create(CultureInfo.InvariantCulture, $"{key} must be between {min} and {max}; got {value}."));
        }
    }

    /// <summary>An optional absolute http(s) URL.</summary>
    public void HttpUrl(string key, string? value, bool required = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                _failures.Add($"{key} is required: an absolute http or https URL.");
            }

            return;
        }

        if (!RoundupBot.HttpUrl.IsValid(value))
        {
            _failures.Add($"{key} must be an absolute http or https URL; got '{value}'.");
        }
    }

    public Microsoft.Extensions.Options.ValidateOptionsResult ToResult() =>
        _failures.Count == 0
            ? Microsoft.Extensions.Options.ValidateOptionsResult.Success
            : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(_failures);

    private static string Format(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
