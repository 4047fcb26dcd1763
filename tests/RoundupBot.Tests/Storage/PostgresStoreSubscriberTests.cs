using RoundupBot.Model;

namespace RoundupBot.Tests.Storage;

public sealed class PostgresStoreSubscriberTests : StoreSubscriberTests
{
    [Fact]
    public async Task Instances_subscribing_one_address_at_once_make_one_subscriber()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => Database.Open()).ToList();
        var now = Database.Time.GetUtcNow();

        var results = await Task.WhenAll(stores.Select((s, i) => Task.Run(() =>
            s.SubscribeAsync(i % 2 == 0 ? "Ada@Example.org" : "ada@example.org", SubscriberStatus.Pending, now, CancellationToken.None))));

        Assert.Single(results, r => r.Changed);
        Assert.Single(results.Select(r => r.Subscriber.Id).Distinct());
        Assert.Single(await Store.ListSubscribersAsync(CancellationToken.None));
    }

    protected override async Task<StoreDatabase> CreateDatabaseAsync() => await PostgresStoreDatabase.CreateAsync();
}
