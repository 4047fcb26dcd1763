using System.Globalization;
using Microsoft.Extensions.Options;
using RoundupBot.Configuration;
using RoundupBot.Model;

namespace RoundupBot.Ingestion;

internal sealed class SourcesOptionsValidator : IValidateOptions<SourcesOptions>
{
    public ValidateOptionsResult Validate(string? name, SourcesOptions options)
    {
        var errors = new OptionsErrors();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Sources.Count; i++)
        {
            var source = options.Sources[i];
            var key = string.Create(CultureInfo.InvariantCulture, $"Sources:{i}");
            errors.HttpUrl($"{key}:Url", source.Url, required: true);
            if (!string.IsNullOrWhiteSpace(source.Url) && !seen.Add(source.Url.Trim()))
            {
                errors.Add($"{key}:Url '{source.Url}' is listed twice.");
            }

            if (!SourceKinds.TryParse(source.Kind, out var kind))
            {
                errors.Add($"{key}:Kind must be one of {SourceKinds.Names}; got '{source.Kind}'.");
            }
            else if (kind == SourceKind.Html && string.IsNullOrWhiteSpace(source.Selectors?.Item))
            {
                errors.Add($"{key}:Selectors:Item is required for an html source: a CSS selector for each item, such as 'article'.");
            }
            else if (kind != SourceKind.Html && source.Selectors is not null)
            {
                errors.Add($"{key}:Selectors only applies to html sources; this one is {SourceKinds.Format(kind)}.");
            }

            errors.Range($"{key}:Weight", source.Weight, 0, 10);
        }

        return errors.ToResult();
    }
}
