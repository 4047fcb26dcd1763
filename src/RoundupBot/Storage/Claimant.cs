using System.Diagnostics;
using System.Globalization;

namespace RoundupBot.Storage;

/// <summary>
/// Who holds a claim (a delivery being sent, a source being fetched): host, process id and the process's start time, so
/// a claimer that died on this machine is recognised at once (its claims need not wait out their lease) and a reused
/// process id is not mistaken for it.
/// </summary>
public static class Claimant
{
    private static readonly Lazy<string> CurrentValue = new(() =>
    {
        using var process = Process.GetCurrentProcess();
        return Format(Environment.MachineName, process.Id, process.StartTime.ToUniversalTime());
    });

    /// <summary>This process, as "host/pid/start-ticks".</summary>
    public static string Current => CurrentValue.Value;

    /// <summary>
    /// True when <paramref name="claimant"/> names a process on this machine that no longer runs. A claimant on another
    /// machine (or in a form this version does not know) is never called gone: its lease decides.
    /// </summary>
    public static bool IsGone(string claimant)
    {
        var parts = claimant.Split('/');
        if (parts.Length != 3
            || !string.Equals(parts[0], Environment.MachineName, StringComparison.OrdinalIgnoreCase)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var startTicks))
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited || Format(parts[0], pid, process.StartTime.ToUniversalTime()) != claimant;
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    // Whole seconds: the start time read back from /proc can differ from the one first read by sub-second rounding.
    private static string Format(string host, int pid, DateTime startUtc) =>
        string.Create(CultureInfo.InvariantCulture, $"{host}/{pid}/{startUtc.Ticks / TimeSpan.TicksPerSecond}");
}
