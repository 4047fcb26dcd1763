using RoundupBot.Model;
using RoundupBot.Storage;
using RoundupBot.Tests.Web;

namespace RoundupBot.Tests.Storage;

/// <summary>The store contract for deliverys, run against every provider by the subclasses.</summary>
public abstract class StoreDeliveryTests : IAsyncLifetime
{
    protected static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);
    private StoreDatabase _database = null!;
    private IRoundupStore _store = null!;

    private DateTimeOffset Now => _database.Time.GetUtcNow();

    public async Task InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        _store = await _database.OpenMigratedAsync();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    protected StoreDatabase Database => _database;

    protected IRoundupStore Store => _store;

    protected abstract Task<StoreDatabase> CreateDatabaseAsync();

    [Fact]
    public async Task Archiving_an_issue_queues_one_delivery_per_confirmed_subscriber_of_each_channel_asked_for()
    {
        var confirmed = await SubscribeAsync("a@example.org", SubscriberStatus.Confirmed);
        await SubscribeAsync("b@example.org", SubscriberStatus.Pending);
        var paused = await SubscribeAsync("c@example.org", SubscriberStatus.Confirmed);
        await _store.SetSubscriberStatusAsync(paused.Id, SubscriberStatus.Paused, Now, CancellationToken.None);

        await _store.SaveDigestAsync(TestWebServer.SampleDigest(1), Now, [DeliveryChannel.Email], CancellationToken.None);
        await _store.SaveDigestAsync(TestWebServer.SampleDigest(2), Now, [], CancellationToken.None);

        var delivery = Assert.Single(await _store.ListDeliveriesAsync(1, CancellationToken.None));
        Assert.Equal((confirmed.Id, DeliveryChannel.Email, DeliveryStatus.Pending, 0), (delivery.SubscriberId, delivery.Channel, delivery.Status, delivery.Attempts));
        Assert.Empty(await _store.ListDeliveriesAsync(2, CancellationToken.None));
        var totals = Assert.Single(await _store.ListDeliveryTotalsAsync(CancellationToken.None));
        Assert.Equal((1, 1, 1), (totals.DigestNumber, totals.Total, totals.Count(DeliveryStatus.Pending)));
    }

    [Fact]
    public async Task An_issue_that_fails_to_archive_queues_nothing()
    {
        await SubscribeAsync("a@example.org", SubscriberStatus.Confirmed);
        await _store.SaveDigestAsync(TestWebServer.SampleDigest(1), Now, [DeliveryChannel.Email], CancellationToken.None);

        var ex = await Assert.ThrowsAsync<RoundupBot.Storage.StoreException>(
            () => _store.SaveDigestAsync(TestWebServer.SampleDigest(1), Now, [DeliveryChannel.Email], CancellationToken.None));

        Assert.True(ex.Conflict);
        Assert.Single(await _store.ListDeliveriesAsync(1, CancellationToken.None));
    }

    [Fact]
    public async Task Concurrent_claims_never_hand_out_the_same_delivery_twice()
    {
        for (var i = 0; i < 40; i++)
        {
            await SubscribeAsync($"r{i}@example.org", SubscriberStatus.Confirmed);
        }

        await _store.SaveDigestAsync(TestWebServer.SampleDigest(1), Now, [DeliveryChannel.Email], CancellationToken.None);

        var claims = await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            var mine = new List<long>();
            while (await _store.ClaimDeliveryAsync(DeliveryChannel.Email, $"worker{worker}", Now, Lease, CancellationToken.None) is { } delivery)
            {
                mine.Add(delivery.Id);
            }

            return mine;
        })));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(40, all.Count);
        Assert.Equal(40, all.Distinct().Count());
        Assert.All(await _store.ListDeliveriesAsync(1, CancellationToken.None), d => Assert.Equal((DeliveryStatus.Sending, 1), (d.Status, d.Attempts)));
    }

    [Fact]
    public async Task A_retry_is_not_claimed_before_its_time()
    {
        await SubscribeAsync("a@example.org", SubscriberStatus.Confirmed);
        await _store.SaveDigestAsync(TestWebServer.SampleDigest(1), Now, [DeliveryChannel.Email], CancellationToken.None);
        var claimed = await _store.ClaimDeliveryAsync(DeliveryChannel.Email, "me", Now, Lease, CancellationToken.None);
        await _store.CompleteDeliveryAsync(claimed!.Id, new DeliveryOutcome(DeliveryStatus.Pending, "451 try later", Now.AddMinutes(5)), Now, CancellationToken.None);

        Assert.Null(await _store.ClaimDeliveryAsync(DeliveryChannel.Email, "me", Now.AddMinutes(4), Lease, CancellationToken.None));
        Assert.Null(await _store.ClaimDeliveryAsync(DeliveryChannel.Discord, "me", Now.AddMinutes(6), Lease, CancellationToken.None));
        var again = await _store.ClaimDeliveryAsync(DeliveryChannel.Email, "me", Now.AddMinutes(5), Lease, CancellationToken.None);
        Assert.Equal((claimed.Id, 2), (again!.Id, again.Attempts));
    }

    [Fact]
    public async Task Recovery_requeues_what_a_dead_publisher_never_handed_over_and_interrupts_what_it_had()
    {
        for (var i = 0; i < 4; i++)
        {
            await SubscribeAsync($"r{i}@example.org", SubscriberStatus.Confirmed);
        }

        await _store.SaveDigestAsync(TestWebServer.SampleDigest(1), Now, [DeliveryChannel.Email], CancellationToken.None);
        var deadBefore = await _store.ClaimDeliveryAsync(DeliveryChannel.Email, "dead", Now, Lease, CancellationToken.None);
        var deadAfter = await _store.ClaimDeliveryAsync(DeliveryChannel.Email, "dead", Now, Lease, CancellationToken.None);
        _store.MarkDeliveryCommitted(deadAfter!.Id, Now);
        var alive = await _store.ClaimDeliveryAsync(DeliveryChannel.Email, "alive", Now, Lease, CancellationToken.None);
        var expired = await _store.ClaimDeliveryAsync(DeliveryChannel.Email, "other-host", Now.AddMinutes(-11), Lease, CancellationToken.None);

        var (requeued, interrupted) = await _store.RecoverDeliveriesAsync(Now, claimant => claimant == "dead", CancellationToken.None);

        Assert.Equal((2, 1), (requeued, interrupted));
        var byId = (await _store.ListDeliveriesAsync(1, CancellationToken.None)).ToDictionary(d => d.Id);
        Assert.Equal(DeliveryStatus.Pending, byId[deadBefore!.Id].Status);
        Assert.Equal(DeliveryStatus.Interrupted, byId[deadAfter.Id].Status);
        Assert.Contains("not sent again", byId[deadAfter.Id].LastError, StringComparison.Ordinal);
        Assert.Equal(DeliveryStatus.Sending, byId[alive!.Id].Status);
        Assert.Equal(DeliveryStatus.Pending, byId[expired!.Id].Status);
        // The requeued ones are claimable again, in order.
        var next = await _store.ClaimDeliveryAsync(DeliveryChannel.Email, "new", Now, Lease, CancellationToken.None);
        Assert.Equal(deadBefore.Id, next!.Id);
    }

    [Fact]
    public async Task A_renewed_claim_outlives_its_first_lease_and_a_claimer_that_stops_renewing_loses_it()
    {
        for (var i = 0; i < 3; i++)
        {
            await SubscribeAsync($"n{i}@example.org", SubscriberStatus.Confirmed);
        }

        await _store.SaveDigestAsync(TestWebServer.SampleDigest(1), Now, [DeliveryChannel.Email], CancellationToken.None);
        var lease = TimeSpan.FromSeconds(30);
        var renewed = await _store.ClaimDeliveryAsync(DeliveryChannel.Email, "live", Now, lease, CancellationToken.None);
        var alsoRenewed = await _store.ClaimDeliveryAsync(DeliveryChannel.Email, "live", Now, lease, CancellationToken.None);
        var abandoned = await _store.ClaimDeliveryAsync(DeliveryChannel.Email, "stopped", Now, lease, CancellationToken.None);

        Assert.Equal(2, await _store.RenewDeliveryClaimsAsync("live", Now.AddSeconds(60), CancellationToken.None));
        var (requeued, interrupted) = await _store.RecoverDeliveriesAsync(Now.AddSeconds(45), _ => false, CancellationToken.None);

        Assert.Equal((1, 0), (requeued, interrupted));
        var byId = (await _store.ListDeliveriesAsync(1, CancellationToken.None)).ToDictionary(d => d.Id);
        Assert.Equal(DeliveryStatus.Sending, byId[renewed!.Id].Status);
        Assert.Equal(DeliveryStatus.Sending, byId[alsoRenewed!.Id].Status);
        Assert.Equal(DeliveryStatus.Pending, byId[abandoned!.Id].Status);
        Assert.Equal(0, await _store.RenewDeliveryClaimsAsync("stopped", Now.AddSeconds(90), CancellationToken.None));
    }

    protected async Task<Subscriber> SubscribeAsync(string email, SubscriberStatus status) =>
        (await _store.SubscribeAsync(email, status, Now, CancellationToken.None)).Subscriber;
}
