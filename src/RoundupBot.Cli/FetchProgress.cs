using System.Globalization;
using RoundupBot.Pipeline;

namespace RoundupBot.Cli;

/// <summary>
/// Shows fetch progress: on a terminal one line redrawn in place, otherwise one plain line per source, so logs
/// and pipes stay readable. Hand-written because it is a dozen lines; Spectre.Console would be the library if it grows.
/// </summary>
internal sealed class FetchProgress(CliConsole console, int total) : IProgress<SourceFetchOutcome>
{
    private readonly Lock _lock = new();
    private int _done;
    private int _failed;

    public void Report(SourceFetchOutcome value)
    {
        lock (_lock)
        {
            _done++;
            if (!value.Succeeded)
            {
                _failed++;
            }

            if (console.Interactive)
            {
                var name = value.Source.Name.Length > 40 ? value.Source.Name[..39] + "…" : value.Source.Name;
                console.Error.Write(string.Create(CultureInfo.InvariantCulture, $"\r\u001b[K[{_done}/{total}] {_failed} failed  {name}"));
                if (_done == total)
                {
                    console.Error.Write("\r\u001b[K");
                }
            }
            else
            {
                console.Error.WriteLine(Describe(value, _done, total));
            }
        }
    }

    internal static string Describe(SourceFetchOutcome value, int done, int total)
    {
        var status = value.Succeeded
            ? value.NotModified ? "not modified" : string.Create(CultureInfo.InvariantCulture, $"{value.Entries} entries, {value.Items.Inserted} new, {value.Items.Updated} updated{(value.Skipped > 0 ? $", {value.Skipped} skipped" : "")}")
            : "FAILED: " + value.Error;
        return string.Create(CultureInfo.InvariantCulture, $"[{done}/{total}] {value.Source.Name}: {status}");
    }
}
