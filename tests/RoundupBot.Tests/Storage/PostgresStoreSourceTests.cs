using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using RoundupBot.Storage;
using RoundupBot.Storage.Postgres;

namespace RoundupBot.Tests.Storage;

public sealed class PostgresStoreSourceTests : StoreSourceTests
{
    private const string Secret = "s3cret-Pa55word";
    private static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task Instances_migrating_an_empty_database_at_the_same_moment_apply_each_migration_once()
    {
        await using var empty = await PostgresStoreDatabase.CreateAsync();
        var stores = Enumerable.Range(0, 4).Select(_ => empty.Open()).ToList();

        await Task.WhenAll(stores.Select(s => Task.Run(() => s.MigrateAsync(None))));

        var row = await empty.QueryRowAsync("SELECT COUNT(*), COUNT(DISTINCT version), MAX(version) FROM schema_migrations");
        Assert.Equal([(long)PostgresStore.SchemaVersion, PostgresStore.SchemaVersion, PostgresStore.SchemaVersion],
            [Convert.ToInt64(row![0]), Convert.ToInt32(row[1]), Convert.ToInt32(row[2])]);
        // Every instance can use the schema at once.
        await Task.WhenAll(stores.Select((s, i) => s.AddSourceAsync(new Model.Source { Name = $"S{i}", Url = $"https://s{i}.example/feed" }, None)));
        Assert.Equal(4, (await stores[0].ListSourcesAsync(None)).Count);
    }

    [Fact]
    public async Task Instances_claiming_the_same_due_sources_at_once_take_each_exactly_once()
    {
        var sources = new List<long>();
        for (var i = 0; i < 40; i++)
        {
            sources.Add((await Store.AddSourceAsync(new Model.Source { Name = $"S{i}", Url = $"https://s{i}.example/feed" }, None)).Id);
        }

        var now = Database.Time.GetUtcNow();
        var instances = Enumerable.Range(0, 4).Select(_ => Database.Open()).ToList();

        var claims = await Task.WhenAll(instances.Select(store => Task.Run(async () =>
        {
            var mine = new List<long>();
            foreach (var id in sources)
            {
                if (await store.ClaimSourceAsync(id, "instance", now, now.AddMinutes(10), None) is { } claimed)
                {
                    mine.Add(claimed.Id);
                }
            }

            return mine;
        })));

        Assert.Equal(sources, claims.SelectMany(c => c).Order());
    }

    [Fact]
    public void Refuses_a_malformed_connection_string_naming_the_key_and_not_echoing_it()
    {
        var error = Assert.Throws<StoreException>(() => new PostgresStore($"Host=db;Password={Secret};Bogus Key=1", new FakeTimeProvider()));

        Assert.Contains("Storage:ConnectionString is not a valid Npgsql connection string", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Says_clearly_when_the_server_cannot_be_reached()
    {
        var port = ClosedPort();
        await using var store = new PostgresStore(
            $"Host=127.0.0.1;Port={port};Database=roundup;Username=roundup;Password={Secret};Timeout=3", new FakeTimeProvider());

        var error = await Assert.ThrowsAsync<StoreException>(() => store.MigrateAsync(None));

        Assert.StartsWith($"Cannot connect to the PostgreSQL database roundup@127.0.0.1:{port}/roundup (", error.Message, StringComparison.Ordinal);
        Assert.Contains("check Storage:ConnectionString and that the server is running and reachable", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Says_clearly_when_the_database_does_not_exist()
    {
        var server = await TestSupport.PostgresServer.Shared;
        await using var store = new PostgresStore(server.ConnectionString("no_such_database"), new FakeTimeProvider());

        var error = await Assert.ThrowsAsync<StoreException>(() => store.ListSourcesAsync(None));

        Assert.Contains("Cannot connect to the PostgreSQL database", error.Message, StringComparison.Ordinal);
        Assert.Contains("3D000: database \"no_such_database\" does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keeps_times_in_utc_to_the_millisecond_like_sqlite()
    {
        var source = await Store.AddSourceAsync(new Model.Source { Name = "A", Url = "https://a.example/feed" }, None);
        var fetched = new DateTimeOffset(2024, 1, 15, 9, 30, 1, 123, TimeSpan.FromHours(2)).AddTicks(4567);

        await Store.SaveFetchStateAsync(source.Id, new Model.SourceFetchState { LastFetchedAt = fetched }, None);
        var read = (await Store.GetSourceAsync(source.Id, None))!.Fetch.LastFetchedAt!.Value;

        Assert.Equal(new DateTimeOffset(2024, 1, 15, 7, 30, 1, 123, TimeSpan.Zero), read);
        Assert.Equal(TimeSpan.Zero, read.Offset);
    }

    protected override async Task<StoreDatabase> CreateDatabaseAsync() => await PostgresStoreDatabase.CreateAsync();

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
