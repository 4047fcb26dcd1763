// Needs Debian's spamassassin. Install it (CI: .ci/run) with:
//   apt-get install -y --no-install-recommends spamassassin
// Tests fail, never skip, when it is missing.
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace RoundupBot.Tests.TestSupport;

/// <summary>
/// Scores a raw message with Debian's SpamAssassin, offline: local rules only (<c>-L</c>: no DNS blocklists, no Razor or
/// Pyzor), Bayes off (an empty or foreign Bayes database would only add noise), and a temporary HOME and preferences
/// file, so nothing is read from or written to the real home directory.
/// </summary>
public static partial class SpamAssassin
{
    public const string Executable = "/usr/bin/spamassassin";

    private const string Preferences = """
        use_bayes 0
        bayes_auto_learn 0
        """;

    /// <summary>Runs <c>spamassassin -L -t</c> on <paramref name="rawMessage"/> and returns its score and report.</summary>
    public static async Task<SpamScore> ScoreAsync(string rawMessage)
    {
        if (!File.Exists(Executable))
        {
            Assert.Fail("The spam-score test needs Debian's SpamAssassin: apt-get install -y --no-install-recommends spamassassin");
        }

        var home = Directory.CreateTempSubdirectory("roundup-spamassassin-").FullName;
        try
        {
            var prefs = Path.Combine(home, "user_prefs");
            await File.WriteAllTextAsync(prefs, Preferences);
            var start = new ProcessStartInfo(Executable)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = home,
            };
            foreach (var arg in new[] { "-L", "-t", "-x", "-p", prefs })
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment["HOME"] = home;
            using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start spamassassin.");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.StandardInput.WriteAsync(rawMessage);
            process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(timeout.Token);
            var scored = await output;
            var status = StatusRegex().Match(scored);
            if (!status.Success)
            {
                throw new InvalidOperationException($"spamassassin (exit {process.ExitCode}) wrote no X-Spam-Status header.\nstderr:\n{await error}\nstdout:\n{scored}");
            }

            // The header may be folded; the report -t appends starts at "Content analysis details".
            var header = Regex.Replace(status.Groups["value"].Value, @"\r?\n[ \t]+", " ");
            var score = double.Parse(ScoreRegex().Match(header).Groups["score"].Value, CultureInfo.InvariantCulture);
            var reportStart = scored.LastIndexOf("Content analysis details", StringComparison.Ordinal);
            var report = reportStart < 0 ? scored : scored[reportStart..];
            return new SpamScore(score, header, report);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    [GeneratedRegex(@"^X-Spam-Status:(?<value>.*(?:\r?\n[ \t]+.*)*)", RegexOptions.Multiline)]
    private static partial Regex StatusRegex();

    [GeneratedRegex(@"score=(?<score>-?[0-9.]+)")]
    private static partial Regex ScoreRegex();
}
