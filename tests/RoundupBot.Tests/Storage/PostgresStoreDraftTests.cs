using RoundupBot.Model;
using RoundupBot.Storage;
using RoundupBot.Tests.Web;

namespace RoundupBot.Tests.Storage;

public sealed class PostgresStoreDraftTests : StoreDraftTests
{
    private static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task Two_instances_publishing_the_same_draft_at_once_archive_and_queue_it_once()
    {
        var now = Database.Time.GetUtcNow();
        for (var i = 0; i < 10; i++)
        {
            await Store.SubscribeAsync($"r{i}@example.org", SubscriberStatus.Confirmed, now, None);
        }

        var draft = (await Store.SaveDraftAsync(TestWebServer.SampleDigest(1), now, null, null, None))!;
        IRoundupStore[] instances = [Store, Database.Open()];

        var outcomes = await Task.WhenAll(instances.Select(store => Task.Run(async () =>
        {
            try
            {
                await store.PublishDraftAsync(draft.Version, draft.Digest, now, [DeliveryChannel.Email], None);
                return null;
            }
            catch (DraftChangedException ex)
            {
                return ex;
            }
        })));

        Assert.Single(outcomes, o => o is not null);
        Assert.Equal(10, (await Store.ListDeliveriesAsync(1, None)).Count);
        Assert.Null(await Store.GetDraftAsync(None));
    }

    protected override async Task<StoreDatabase> CreateDatabaseAsync() => await PostgresStoreDatabase.CreateAsync();
}
