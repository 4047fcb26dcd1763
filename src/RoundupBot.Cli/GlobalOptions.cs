using System.CommandLine;

namespace RoundupBot.Cli;

/// <summary>Options every command takes.</summary>
internal static class GlobalOptions
{
    public const string DefaultConfigPath = "config/roundup.json";

    public static readonly Option<string> Config = new("--config")
    {
        Description = "Configuration file (default: config/roundup.json)",
        HelpName = "FILE",
        Recursive = true,
        DefaultValueFactory = _ => DefaultConfigPath,
    };

    public static readonly Option<string?> Data = new("--data")
    {
        Description = "Data folder for the database (default: $ROUNDUP_DATA or ./data)",
        HelpName = "DIR",
        Recursive = true,
    };

    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Log details and show stack traces on failure",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print machine-readable JSON",
    };

    /// <summary>--data, else $ROUNDUP_DATA, else ./data.</summary>
    public static string DataPath(ParseResult parseResult)
    {
        if (parseResult.GetValue(Data) is { Length: > 0 } fromOption)
        {
            return fromOption;
        }

        return Environment.GetEnvironmentVariable(DataDirectory.EnvironmentVariable) is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : "data";
    }
}
