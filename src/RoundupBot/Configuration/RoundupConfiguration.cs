using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace RoundupBot.Configuration;

/// <summary>Reads the JSON configuration file with environment-variable overrides (<c>ROUNDUP__Section__Key</c>).</summary>
public static class RoundupConfiguration
{
    /// <summary>The prefix of overriding environment variables: <c>ROUNDUP__Email__Smtp__Port=2525</c> sets <c>Email:Smtp:Port</c>.</summary>
    public const string EnvironmentPrefix = "ROUNDUP__";

    /// <summary>Loads <paramref name="path"/>, then the environment.</summary>
    /// <exception cref="ConfigurationException">The file is missing or is not valid JSON; the message names the file and the line.</exception>
    public static IConfigurationRoot Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new ConfigurationException($"{path}: configuration file not found; pass --config FILE or create it (see config/roundup.json in the repository).");
        }

        try
        {
            return new ConfigurationBuilder()
                .AddJsonFile(fullPath, optional: false, reloadOnChange: false)
                .AddEnvironmentVariables(EnvironmentPrefix)
                .Build();
        }
        catch (InvalidDataException ex)
        {
            var json = Chain(ex).OfType<JsonException>().FirstOrDefault();
            var detail = json is not null
                ? $"line {json.LineNumber + 1}, position {json.BytePositionInLine + 1}: {FirstSentence(json.Message)}"
                : ex.InnerException?.Message ?? ex.Message;
            throw new ConfigurationException($"{path} is not valid JSON ({detail}); expected a JSON object with the sections Roundup, Sources, Fetch, …", ex);
        }
        catch (FormatException ex)
        {
            throw new ConfigurationException($"{path}: {ex.Message}", ex);
        }
    }

    private static IEnumerable<Exception> Chain(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        }

        return (cut > 0 ? message[..cut] : message).TrimEnd('.');
    }
}
