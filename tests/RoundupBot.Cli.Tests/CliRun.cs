using System.Text.Json;
using RoundupBot.Cli;

namespace RoundupBot.Cli.Tests;

/// <summary>Runs the real command line in-process against a temporary data folder and configuration file.</summary>
internal sealed class CliRun : IDisposable
{
    public CliRun(string configJson)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("roundup-cli-").FullName;
        ConfigPath = Path.Combine(Directory, "roundup.json");
        File.WriteAllText(ConfigPath, configJson);
    }

    public string Directory { get; }
    public string ConfigPath { get; }
    public string DataPath => Path.Combine(Directory, "data");

    /// <summary>A configuration that lets the fetcher reach the loopback test server, with the given Sources array.</summary>
    public static CliRun WithSources(string sourcesJson = "[]") => new($$"""
        {
          "Sources": {{sourcesJson}},
          "Fetch": { "AllowPrivateAddresses": true, "Timeout": "00:00:05", "RetryDelay": "00:00:00.050" }
        }
        """);

    public async Task<CliResult> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await RoundupCommandLine.RunAsync(
            ["--config", ConfigPath, "--data", DataPath, .. args],
            new CliConsole(stdout, stderr, Interactive: false));
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

internal sealed record CliResult(int ExitCode, string Out, string Error)
{
    public JsonElement Json() => JsonDocument.Parse(Out).RootElement;

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}
