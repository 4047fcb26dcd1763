using System.Net;
using System.Net.Sockets;
using RoundupBot.Tests.TestSupport;

namespace RoundupBot.Cli.Tests;

/// <summary><c>Storage:Provider</c> postgres through the real command line: bad configuration exits 2, an unreachable server 1.</summary>
public sealed class PostgresStorageTests
{
    private const string Secret = "s3cret-Pa55word";

    [Fact]
    public async Task Postgres_without_a_connection_string_exits_with_2_naming_the_key()
    {
        using var cli = new CliRun("""{ "Storage": { "Provider": "postgres" } }""");

        var result = await cli.RunAsync("sources", "list");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Storage:ConnectionString is required when Storage:Provider is 'postgres'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_connection_string_exits_with_2_without_echoing_it()
    {
        using var cli = new CliRun($$"""{ "Storage": { "Provider": "postgres", "ConnectionString": "Host=db;Password={{Secret}};Nonsense" } }""");

        var result = await cli.RunAsync("sources", "list");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Storage:ConnectionString is not a valid Npgsql connection string", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_exits_with_1_in_one_line_without_the_password()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        using var cli = new CliRun($$"""
            { "Storage": { "Provider": "postgres", "ConnectionString": "Host=127.0.0.1;Port={{port}};Database=roundup;Username=roundup;Password={{Secret}};Timeout=3" } }
            """);

        var result = await cli.RunAsync("sources", "list");

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"roundup: Cannot connect to the PostgreSQL database roundup@127.0.0.1:{port}/roundup (", line, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runs_on_postgres_and_a_second_run_sees_what_the_first_stored()
    {
        var server = await PostgresServer.Shared;
        var connectionString = await server.CreateDatabaseAsync("roundup_cli");
        using var cli = new CliRun($$"""
            {
              "Sources": [{ "Name": "Lab", "Url": "https://lab.example.org/feed.xml" }],
              "Storage": { "Provider": "postgres", "ConnectionString": "{{connectionString}}" }
            }
            """);

        var added = await cli.RunAsync("subscribers", "add-email", "ada@example.org");
        var subscribers = await cli.RunAsync("subscribers", "list");
        var sources = await cli.RunAsync("sources", "list");

        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.True(subscribers.ExitCode == 0, subscribers.ToString());
        Assert.Contains("ada@example.org", subscribers.Out, StringComparison.Ordinal);
        Assert.True(sources.ExitCode == 0, sources.ToString());
        Assert.Contains("Lab", sources.Out, StringComparison.Ordinal);
        Assert.False(Directory.Exists(cli.DataPath) && File.Exists(Path.Combine(cli.DataPath, "roundup.db")), "no SQLite file is made when the store is PostgreSQL");
    }
}
