// Needs Debian's aiosmtpd, a real SMTP server run as a child process on loopback. Install it (CI: .ci/run) with:
//   apt-get install -y --no-install-recommends python3-aiosmtpd
// and it is started as:
//   PYTHONPATH=DIR /usr/bin/python3 -m aiosmtpd -n -l 127.0.0.1:PORT -c roundup_sink.SinkHandler DIR DROP_AFTER
// (postfix's smtp-sink was the first choice, but its -r/-f/-Q failures hit every RCPT alike, and these tests need one
// recipient refused while the others pass.) Tests fail, never skip, when it is missing.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using MimeKit;

namespace RoundupBot.Tests.TestSupport;

/// <summary>
/// A real SMTP server (Debian's aiosmtpd) on 127.0.0.1 with a free port, keeping every accepted message as a file.
/// Recipients whose local part starts with <c>bounce</c> are refused with 550, <c>defer</c> with 451; with
/// <c>dropAfter</c> = N, the server hangs up without a reply at the MAIL command after N accepted messages, once.
/// Dispose it to stop the process (by its id) and delete its directory.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    public const string Python = "/usr/bin/python3";

    private const string HandlerSource = """
        import json, os, sys

        class SinkHandler:
            def __init__(self, directory, drop_after):
                self.directory = directory
                self.drop_after = drop_after
                self.accepted = 0
                self.dropped = False

            @classmethod
            def from_cli(cls, parser, *args):
                return cls(args[0], int(args[1]))

            async def handle_MAIL(self, server, session, envelope, address, mail_options):
                if self.drop_after >= 0 and self.accepted >= self.drop_after and not self.dropped:
                    self.dropped = True
                    server.transport.close()
                    return '421 4.4.2 dropping the connection'
                envelope.mail_from = address
                envelope.mail_options.extend(mail_options)
                return '250 2.1.0 OK'

            async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
                local = address.split('@')[0].lower()
                if local.startswith('bounce'):
                    return '550 5.1.1 <%s>: Recipient address rejected: User unknown' % address
                if local.startswith('defer'):
                    return '451 4.3.0 <%s>: Temporary lookup failure' % address
                envelope.rcpt_tos.append(address)
                return '250 2.1.5 OK'

            async def handle_DATA(self, server, session, envelope):
                self.accepted += 1
                stem = os.path.join(self.directory, '%06d' % self.accepted)
                with open(stem + '.eml', 'wb') as f:
                    f.write(envelope.original_content)
                with open(stem + '.json', 'w') as f:
                    json.dump({'peerPort': session.peer[1], 'mailFrom': envelope.mail_from, 'rcptTos': envelope.rcpt_tos}, f)
                return '250 2.0.0 OK: queued'
        """;

    private readonly Process _process;
    private readonly string _directory;

    private SmtpSink(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    /// <summary>The port on 127.0.0.1 the server listens on.</summary>
    public int Port { get; }

    /// <summary>Starts the server and waits until it accepts connections.</summary>
    public static async Task<SmtpSink> StartAsync(int dropAfter = -1)
    {
        if (!File.Exists(Python) || !File.Exists("/usr/lib/python3/dist-packages/aiosmtpd/__init__.py"))
        {
            Assert.Fail("The SMTP tests need Debian's python3-aiosmtpd (a real SMTP server on loopback): apt-get install -y --no-install-recommends python3-aiosmtpd");
        }

        var directory = Directory.CreateTempSubdirectory("roundup-smtp-").FullName;
        File.WriteAllText(Path.Combine(directory, "roundup_sink.py"), HandlerSource);
        var messages = Path.Combine(directory, "messages");
        Directory.CreateDirectory(messages);
        var port = FreePort();
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}", "-c", "roundup_sink.SinkHandler", messages, dropAfter.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["PYTHONPATH"] = directory;
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start aiosmtpd.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var sink = new SmtpSink(process, directory, port);
        for (var i = 0; i < 100; i++)
        {
            if (process.HasExited)
            {
                break;
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return sink;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        await sink.DisposeAsync();
        throw new InvalidOperationException($"aiosmtpd did not start listening on 127.0.0.1:{port}.");
    }

    /// <summary>How many messages the server has accepted so far (cheap: it counts files, it does not parse them).</summary>
    public int ReceivedCount => Directory.GetFiles(Path.Combine(_directory, "messages"), "*.json").Length;

    /// <summary>Waits until the server has accepted at least <paramref name="count"/> messages (for mail sent in the background); fails after <paramref name="timeout"/> (default 30 s).</summary>
    public async Task WaitForCountAsync(int count, TimeSpan? timeout = null)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (ReceivedCount < count)
        {
            if (waited.Elapsed > (timeout ?? TimeSpan.FromSeconds(30)))
            {
                Assert.Fail($"The SMTP server accepted {ReceivedCount} messages, not the {count} expected, within {(timeout ?? TimeSpan.FromSeconds(30)).TotalSeconds:0} s.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Every accepted message, in arrival order.</summary>
    public IReadOnlyList<ReceivedEmail> Received
    {
        get
        {
            var list = new List<ReceivedEmail>();
            foreach (var eml in Directory.GetFiles(Path.Combine(_directory, "messages"), "*.eml").Order(StringComparer.Ordinal))
            {
                using var envelope = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(eml, ".json")));
                var root = envelope.RootElement;
                list.Add(new ReceivedEmail(
                    MimeMessage.Load(eml),
                    File.ReadAllText(eml),
                    root.GetProperty("peerPort").GetInt32(),
                    [.. root.GetProperty("rcptTos").EnumerateArray().Select(e => e.GetString()!)]));
            }

            return list;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
