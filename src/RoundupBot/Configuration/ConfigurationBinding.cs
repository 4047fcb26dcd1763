using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace RoundupBot.Configuration;

/// <summary>
/// Binds a section strictly: unknown keys (usually typos) and values of the wrong type become a
/// <see cref="ConfigurationException"/> that names the key and what is expected, instead of the binder's own wording.
/// </summary>
internal static partial class ConfigurationBinding
{
    public static void Bind(IConfiguration configuration, string sectionName, object instance)
    {
        try
        {
            configuration.GetSection(sectionName).Bind(instance, o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException ex)
        {
            throw new ConfigurationException(Explain(sectionName, ex), ex);
        }
    }

    internal static string Explain(string sectionName, InvalidOperationException ex)
    {
        // The binder wraps the conversion failure; the innermost message with a path is the useful one.
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            var conversion = ConversionFailure().Match(e.Message);
            if (conversion.Success)
            {
                var key = conversion.Groups["path"].Value;
                var value = conversion.Groups["value"].Value;
                var type = conversion.Groups["type"].Value;
                // A list given as one value ("id1,id2") is the likely slip: say how lists are written in both places.
                var expected = type.StartsWith("System.Collections.Generic.List`1", StringComparison.Ordinal)
                    ? $"a list: in JSON [ \"first\", \"second\" ], in the environment one variable per entry (ROUNDUP__{key.Replace(":", "__", StringComparison.Ordinal)}__0, ROUNDUP__{key.Replace(":", "__", StringComparison.Ordinal)}__1, …)"
                    : Expected(type);
                return $"{key} must be {expected}; got '{value}'.";
            }

            var unknown = UnknownKeys().Match(e.Message);
            if (unknown.Success)
            {
                var keys = unknown.Groups["keys"].Value.Replace("'", "", StringComparison.Ordinal);
                return string.Create(CultureInfo.InvariantCulture,
                    $"{sectionName}: unknown key(s) {keys} in {unknown.Groups["type"].Value.Split('.')[^1]}; check the spelling against the README's configuration table.");
            }
        }

        return $"{sectionName}: {ex.Message}";
    }

    private static string Expected(string type) => type switch
    {
        _ when type.StartsWith("System.Nullable`1[[System.TimeSpan", StringComparison.Ordinal) => Expected("System.TimeSpan"),
        "System.TimeSpan" => "a duration written as [d.]hh:mm:ss, such as 00:30:00 for 30 minutes",
        "System.Int32" or "System.Int64" => "a whole number",
        "System.Double" => "a number",
        "System.Boolean" => "true or false",
        _ when type.StartsWith("RoundupBot.", StringComparison.Ordinal) && Type.GetType(type + ", RoundupBot") is { IsEnum: true } enumType
            => "one of " + string.Join(", ", Enum.GetNames(enumType)),
        _ => "a value of type " + type,
    };

    [GeneratedRegex(@"Failed to convert configuration value '(?<value>.*)' at '(?<path>[^']+)' to type '(?<type>[^']+)'", RegexOptions.Singleline)]
    private static partial Regex ConversionFailure();

    [GeneratedRegex(@"properties were not found on the instance of (?<type>[\w.]+): (?<keys>.+)$", RegexOptions.Singleline)]
    private static partial Regex UnknownKeys();
}
