using RoundupBot.Model;
using RoundupBot.Storage;
using RoundupBot.Tests.Web;

namespace RoundupBot.Tests.Storage;

public sealed class PostgresStoreDeliveryTests : StoreDeliveryTests
{
    private static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task Publishers_on_two_instances_never_claim_the_same_delivery()
    {
        for (var i = 0; i < 120; i++)
        {
            await SubscribeAsync($"r{i}@example.org", SubscriberStatus.Confirmed);
        }

        var now = Database.Time.GetUtcNow();
        await Store.SaveDigestAsync(TestWebServer.SampleDigest(1), now, [DeliveryChannel.Email], None);
        IRoundupStore[] instances = [Store, Database.Open()];

        var claims = await Task.WhenAll(instances.SelectMany((store, instance) => Enumerable.Range(0, 3).Select(worker => Task.Run(async () =>
        {
            var mine = new List<long>();
            while (await store.ClaimDeliveryAsync(DeliveryChannel.Email, $"host{instance}:{worker}", now, Lease, None) is { } delivery)
            {
                mine.Add(delivery.Id);
            }

            return mine;
        }))));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(120, all.Count);
        Assert.Equal(120, all.Distinct().Count());
        Assert.All(await Store.ListDeliveriesAsync(1, None), d => Assert.Equal((DeliveryStatus.Sending, 1), (d.Status, d.Attempts)));
    }

    [Fact]
    public async Task Two_instances_archiving_the_same_issue_at_once_archive_and_queue_it_once()
    {
        for (var i = 0; i < 10; i++)
        {
            await SubscribeAsync($"r{i}@example.org", SubscriberStatus.Confirmed);
        }

        var now = Database.Time.GetUtcNow();
        IRoundupStore[] instances = [Store, Database.Open()];

        var outcomes = await Task.WhenAll(instances.Select(store => Task.Run(async () =>
        {
            try
            {
                await store.SaveDigestAsync(TestWebServer.SampleDigest(1), now, [DeliveryChannel.Email], None);
                return null;
            }
            catch (StoreException ex)
            {
                return ex;
            }
        })));

        var conflict = Assert.Single(outcomes, o => o is not null)!;
        Assert.True(conflict.Conflict);
        Assert.Equal("Issue #1 is already in the archive; digest numbers are never reused.", conflict.Message);
        Assert.Equal(10, (await Store.ListDeliveriesAsync(1, None)).Count);
    }

    protected override async Task<StoreDatabase> CreateDatabaseAsync() => await PostgresStoreDatabase.CreateAsync();
}
