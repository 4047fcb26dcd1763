using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace RoundupBot.Tests.TestSupport;

/// <summary>
/// A throwaway PostgreSQL server from Debian's packages: its own data directory under /tmp, a free port on 127.0.0.1,
/// trust authentication for the user <c>roundup</c>, durability off (fsync, synchronous commit) because tests never
/// need it after a crash. One server per test process (<see cref="Shared"/>); each test class makes its own database.
/// A test that takes the server away starts one of its own (<see cref="StartDedicatedAsync"/>) and stops and starts it
/// again on the same port and data directory (<see cref="StopAsync"/>, <see cref="StartAsync"/>).
/// Run as root, the server runs as Debian's <c>postgres</c> user, since PostgreSQL refuses to run as root.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string BinDirectory = "/usr/lib/postgresql/15/bin";
    public const string User = "roundup";

    private static readonly Lazy<Task<PostgresServer>> SharedServer = new(LaunchAsync);
    private static int _databases;
    private readonly Process _process;
    private readonly string _directory;
    private readonly SemaphoreSlim _switching = new(1, 1);
    private TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PostgresServer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The server every test of this process shares; started on first use, stopped when the process exits.</summary>
    public static Task<PostgresServer> Shared => SharedServer.Value;

    /// <summary>
    /// A server of the caller's own, which it may stop and start again. Dispose it to stop it for good and delete its
    /// data; it is stopped when the test process exits in any case.
    /// </summary>
    public static Task<PostgresServer> StartDedicatedAsync() => LaunchAsync();

    /// <summary>A connection string for the maintenance database <c>postgres</c>.</summary>
    public string AdminConnectionString => ConnectionString("postgres");

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = User, Database = database, Pooling = true }.ToString();

    /// <summary>Creates a new, empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "roundup_test")
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"{prefix}_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}");
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary>
    /// Stops the server (fast shutdown: sessions are ended, clients see their connections drop) and returns once it has
    /// exited and freed its port. The data directory stays, for <see cref="StartAsync"/>.
    /// </summary>
    public async Task StopAsync()
    {
        await _switching.WaitAsync();
        try
        {
            _stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await SignalAsync("USR1");
            await _stopped.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            _switching.Release();
        }
    }

    /// <summary>Starts the server again after <see cref="StopAsync"/>, on the same port and data, and returns once it accepts connections.</summary>
    public async Task StartAsync()
    {
        await _switching.WaitAsync();
        try
        {
            await SignalAsync("USR2");
            await WaitUntilAcceptingAsync();
        }
        finally
        {
            _switching.Release();
        }
    }

    private static async Task<PostgresServer> LaunchAsync()
    {
        if (!File.Exists(Path.Combine(BinDirectory, "initdb")))
        {
            Assert.Fail("The PostgreSQL tests need Debian's postgresql package (a real server on loopback): apt-get install -y --no-install-recommends postgresql");
        }

        var directory = Directory.CreateTempSubdirectory("roundup-pg-").FullName;
        var data = Path.Combine(directory, "data");
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await RunAsync("chown", ["postgres:postgres", directory]);
        }

        await RunAsync(Path.Combine(BinDirectory, "initdb"), ["-D", data, "-U", User, "--auth=trust", "-E", "UTF8", "--no-sync", "--locale=C.UTF-8"], asRoot);
        var port = FreePort();
        // A shell minds the server: it stops it (fast shutdown) when told to, and when the test process is gone, however
        // that process ended, so no server outlives its tests. USR1 stops the server and USR2 starts it again, leaving
        // the shell (and so that promise) in place; TERM stops it for good. The server's own death ends the shell only
        // while it is meant to be running, which is how a server that cannot start is noticed at once.
        var postgres = string.Join(' ', new[]
        {
            asRoot ? "setpriv --reuid=postgres --regid=postgres --init-groups" : "",
            Path.Combine(BinDirectory, "postgres"), "-D", data, "-p", port.ToString(CultureInfo.InvariantCulture), "-k", directory,
            "-c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
        });
        var script = string.Join('\n',
            $"run() {{ {postgres} & pg=$!; }}",
            "halt() { if [ -n \"$pg\" ]; then kill -INT $pg 2>/dev/null; wait $pg; pg=; fi; echo stopped; }",
            $"trap 'halt; rm -rf \"{directory}\"; exit 0' TERM INT",
            "trap 'halt' USR1",
            "trap 'run' USR2",
            "run",
            $"while kill -0 {Environment.ProcessId} 2>/dev/null && {{ [ -z \"$pg\" ] || kill -0 $pg 2>/dev/null; }}; do sleep 1 & wait $!; done",
            "halt",
            $"rm -rf '{directory}'");
        var start = Command("/bin/sh", ["-c", script], asPostgres: false);
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start postgres.");
        var server = new PostgresServer(process, directory, port);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data == "stopped")
            {
                server._stopped.TrySetResult();
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        try
        {
            await server.WaitUntilAcceptingAsync();
            return server;
        }
        catch (InvalidOperationException)
        {
            server.Stop();
            throw;
        }
    }

    private async Task WaitUntilAcceptingAsync()
    {
        for (var i = 0; i < 200 && !_process.HasExited; i++)
        {
            try
            {
                // Unpooled: a pooled connection from before a stop would be handed out dead.
                var builder = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Pooling = false };
                await using var connection = new NpgsqlConnection(builder.ToString());
                await connection.OpenAsync();
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException($"PostgreSQL did not accept connections on 127.0.0.1:{Port}.");
    }

    private async Task SignalAsync(string signal)
    {
        ObjectDisposedException.ThrowIf(_process.HasExited, this);
        await RunAsync("kill", [$"-{signal}", _process.Id.ToString(CultureInfo.InvariantCulture)]);
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    private void Stop()
    {
        try
        {
            if (!_process.HasExited)
            {
                // The minding shell passes it on as SIGINT, PostgreSQL's "fast shutdown": sessions end and it exits at once.
                using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
                kill?.WaitForExit();
                if (!_process.WaitForExit(10_000))
                {
                    _process.Kill(entireProcessTree: true);
                }
            }

            Directory.Delete(_directory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // Best effort at process exit: a leftover temp directory is harmless.
        }
    }

    private static ProcessStartInfo Command(string file, string[] args, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgres)
        {
            foreach (var arg in new[] { "-u", "postgres", "--", file })
            {
                start.ArgumentList.Add(arg);
            }
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }

    private static async Task RunAsync(string file, string[] args, bool asPostgres = false)
    {
        using var process = Process.Start(Command(file, args, asPostgres)) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await error}{await output}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
