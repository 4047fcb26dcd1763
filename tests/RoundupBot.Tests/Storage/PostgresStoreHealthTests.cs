using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using RoundupBot.Storage;
using RoundupBot.Storage.Postgres;
using RoundupBot.Tests.TestSupport;

namespace RoundupBot.Tests.Storage;

/// <summary><see cref="PostgresStore.PingAsync"/>, and what becomes of a store's pooled connections when the server goes away and comes back.</summary>
public sealed class PostgresStoreHealthTests
{
    private const string Secret = "s3cret-Pa55word";
    private static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task Ping_answers_on_a_live_database()
    {
        await using var database = await PostgresStoreDatabase.CreateAsync();
        var store = await database.OpenMigratedAsync();

        await store.PingAsync(TimeSpan.FromSeconds(3), None);
    }

    [Fact]
    public async Task Ping_names_the_database_and_not_the_password_when_nothing_listens()
    {
        var port = ClosedPort();
        await using var store = new PostgresStore($"Host=127.0.0.1;Port={port};Database=roundup;Username=roundup;Password={Secret}", new FakeTimeProvider());

        var error = await Assert.ThrowsAsync<StoreException>(() => store.PingAsync(TimeSpan.FromSeconds(3), None));

        Assert.StartsWith($"Cannot connect to the PostgreSQL database roundup@127.0.0.1:{port}/roundup (", error.Message, StringComparison.Ordinal);
        Assert.Contains("Connection refused", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ping_gives_up_at_its_timeout_on_a_server_that_accepts_connections_and_never_answers()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        await using var store = new PostgresStore($"Host=127.0.0.1;Port={port};Database=roundup;Username=roundup;Password={Secret}", new FakeTimeProvider());
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<StoreException>(() => store.PingAsync(TimeSpan.FromSeconds(1), None));

        // Npgsql's own connect timeout is 15 s; the bound is the ping's, with slack for a busy machine.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(6), $"the ping took {watch.Elapsed}");
        Assert.Equal($"Database roundup@127.0.0.1:{port}/roundup: no answer within 1 s; check that the server is running and reachable.", error.Message);
    }

    [Fact]
    public async Task After_a_server_restart_the_first_ping_answers_though_every_pooled_connection_is_dead()
    {
        await using var server = await PostgresServer.StartDedicatedAsync();
        await using var store = await OpenWithSeveralPooledConnectionsAsync(server);

        await server.StopAsync();
        await server.StartAsync();

        await store.PingAsync(TimeSpan.FromSeconds(5), None);
        Assert.Empty(await store.ListSourcesAsync(None));
    }

    [Fact]
    public async Task After_a_server_restart_at_most_one_operation_meets_a_dead_connection()
    {
        await using var server = await PostgresServer.StartDedicatedAsync();
        await using var store = await OpenWithSeveralPooledConnectionsAsync(server);

        await server.StopAsync();
        await server.StartAsync();
        var failures = 0;
        for (var i = 0; i < 5; i++)
        {
            try
            {
                await store.ListSourcesAsync(None);
            }
            catch (StoreException ex)
            {
                Assert.Contains("57P01", ex.Message, StringComparison.Ordinal);
                failures++;
            }
        }

        // Npgsql clears the whole pool on the first shutdown notice it reads; were it to drop only that connection, each
        // dead idle one would fail an operation in turn, and a roundup due just after a restart could be one of them.
        Assert.True(failures <= 1, $"{failures} operations failed on dead connections after the restart");
    }

    /// <summary>A migrated store whose pool holds several idle connections, all of which a restart will kill.</summary>
    private static async Task<PostgresStore> OpenWithSeveralPooledConnectionsAsync(PostgresServer server)
    {
        var connectionString = await server.CreateDatabaseAsync("roundup_restart");
        var store = new PostgresStore(connectionString, new FakeTimeProvider());
        await store.MigrateAsync(None);
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        for (var round = 0; round < 20 && await SessionsAsync(server, database) < 3; round++)
        {
            await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.ListSourcesAsync(None))));
        }

        Assert.True(await SessionsAsync(server, database) >= 3, "the store's pool never held three connections at once");
        return store;
    }

    private static async Task<long> SessionsAsync(PostgresServer server, string? database)
    {
        var admin = new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(admin.ToString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = @database AND application_name = 'roundup'", connection);
        command.Parameters.AddWithValue("database", database ?? "");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
