// Needs Debian's spamassassin. Install it (CI: .ci/run) with:
//   apt-get install -y --no-install-recommends spamassassin
// Tests fail, never skip, when it is missing.
//
// Why a Perl driver and not `spamassassin -L -t` itself: the command line always creates ~/.spamassassin in the home
// directory getpwuid names (its global_state_dir), whatever HOME says, and offers no switch to move it. The driver makes
// the same calls the command line makes for -L -t (new with local_tests_only, parse, check, rewrite_mail, get_report),
// with every state directory in a temporary one.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace RoundupBot.Tests.TestSupport;

/// <summary>
/// Scores a raw message with Debian's SpamAssassin as <c>spamassassin -L -t</c> does, offline: local rules only (no DNS
/// blocklists, no Razor or Pyzor), Bayes, its auto-learning and the auto-welcomelist off (an empty or foreign Bayes
/// database would only add noise), and a temporary home, preferences file and state directory, so nothing is read from
/// or written to the real home directory.
/// </summary>
public static partial class SpamAssassin
{
    public const string Executable = "/usr/bin/spamassassin";
    private const string Perl = "/usr/bin/perl";

    private const string Preferences = """
        use_bayes 0
        bayes_auto_learn 0
        """;

    private const string Driver = """
        use strict;
        use warnings;
        use Mail::SpamAssassin;
        my ($home) = @ARGV;
        my $sa = Mail::SpamAssassin->new({
          userprefs_filename   => "$home/user_prefs",
          dont_copy_prefs      => 1,
          local_tests_only     => 1,
          home_dir_for_helpers => $home,
          userstate_dir        => "$home/.spamassassin",
          require_rules        => 1,
        });
        $sa->{conf}->{use_auto_welcomelist} = 0;
        $sa->{conf}->{bayes_auto_learn} = 0;
        binmode(STDIN);
        binmode(STDOUT);
        my $raw = do { local $/; <STDIN> };
        my $mail = $sa->parse($raw);
        my $status = $sa->check($mail);
        print $status->rewrite_mail();
        print $status->get_report();
        $status->finish();
        $mail->finish();
        $sa->finish();
        """;

    /// <summary>Scores <paramref name="rawMessage"/> (as received, CRLF line ends and all) and returns the score and report.</summary>
    public static async Task<SpamScore> ScoreAsync(string rawMessage)
    {
        if (!File.Exists(Executable))
        {
            Assert.Fail("The spam-score test needs Debian's SpamAssassin: apt-get install -y --no-install-recommends spamassassin");
        }

        var home = Directory.CreateTempSubdirectory("roundup-spamassassin-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(home, "user_prefs"), Preferences);
            var driver = Path.Combine(home, "score.pl");
            await File.WriteAllTextAsync(driver, Driver);
            var start = new ProcessStartInfo(Perl)
            {
                RedirectStandardInput = true,
                StandardInputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = home,
            };
            foreach (var arg in new[] { driver, home })
            {
                start.ArgumentList.Add(arg);
            }

            start.Environment["HOME"] = home;
            using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start Perl for SpamAssassin.");
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
                throw new InvalidOperationException($"SpamAssassin (exit {process.ExitCode}) wrote no X-Spam-Status header.\nstderr:\n{await error}\nstdout:\n{scored}");
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
