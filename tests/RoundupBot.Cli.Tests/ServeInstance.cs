using System.Diagnostics;
using Xunit.Abstractions;

namespace RoundupBot.Cli.Tests;

/// <summary>A real <c>roundup serve</c> process on a free loopback port, its output lines echoed to the test's output.</summary>
internal static class ServeInstance
{
    /// <summary>Starts one instance named <paramref name="name"/> (its data folder too) and waits until it serves.</summary>
    /// <param name="onLine">Told every output line, from the process's reader threads.</param>
    public static async Task<Process> StartAsync(
        ITestOutputHelper output, CliRun cli, string name, IReadOnlyDictionary<string, string>? environment = null, Action<string>? onLine = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "roundup.dll"), "--config", cli.ConfigPath, "--data", Path.Combine(cli.Directory, name), "serve", "--urls", "http://127.0.0.1:0" })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Read(string? line)
        {
            if (line is null)
            {
                return;
            }

            output.WriteLine($"{name}: {line}");
            onLine?.Invoke(line);
            if (line.StartsWith("Serving on", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        }

        process.OutputDataReceived += (_, e) => Read(e.Data);
        process.ErrorDataReceived += (_, e) => Read(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(90));
        return process;
    }
}
