using RoundupBot.Model;
using RoundupBot.Storage;

namespace RoundupBot.Tests.Storage;

/// <summary>The store contract for subscribers, run against every provider by the subclasses.</summary>
public abstract class StoreSubscriberTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
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
    public async Task Adds_a_subscriber_once_whatever_the_case_of_the_address()
    {
        var (first, created) = await _store.SubscribeAsync("Ada@Example.org", SubscriberStatus.Pending, Now, None);
        var (again, changedAgain) = await _store.SubscribeAsync(" ada@example.ORG ", SubscriberStatus.Pending, Now, None);

        Assert.True(created);
        Assert.False(changedAgain);
        Assert.Equal(first.Id, again.Id);
        Assert.Equal("Ada@Example.org", again.Address);
        Assert.Equal(SubscriberStatus.Pending, again.Status);
        Assert.Null(again.ConfirmedAt);
        Assert.Single(await _store.ListSubscribersAsync(None));
    }

    [Fact]
    public async Task Confirming_and_unsubscribing_record_their_times()
    {
        var (subscriber, _) = await _store.SubscribeAsync("grace@example.org", SubscriberStatus.Pending, Now, None);
        _database.Time.Advance(TimeSpan.FromMinutes(10));
        await _store.SetSubscriberStatusAsync(subscriber.Id, SubscriberStatus.Confirmed, Now, None);
        var confirmed = await _store.GetSubscriberAsync(subscriber.Id, None);
        _database.Time.Advance(TimeSpan.FromDays(30));
        await _store.SetSubscriberStatusAsync(subscriber.Id, SubscriberStatus.Unsubscribed, Now, None);
        var gone = await _store.FindSubscriberAsync("GRACE@example.org", None);

        Assert.Equal(SubscriberStatus.Confirmed, confirmed!.Status);
        Assert.Equal(subscriber.CreatedAt.AddMinutes(10), confirmed.ConfirmedAt);
        Assert.Equal(SubscriberStatus.Unsubscribed, gone!.Status);
        Assert.Equal(Now, gone.UnsubscribedAt);
    }

    [Fact]
    public async Task An_unsubscribed_address_can_subscribe_again()
    {
        var (subscriber, _) = await _store.SubscribeAsync("alan@example.org", SubscriberStatus.Confirmed, Now, None);
        await _store.SetSubscriberStatusAsync(subscriber.Id, SubscriberStatus.Unsubscribed, Now, None);

        var (back, changed) = await _store.SubscribeAsync("alan@example.org", SubscriberStatus.Pending, Now, None);

        Assert.True(changed);
        Assert.Equal(subscriber.Id, back.Id);
        Assert.Equal(SubscriberStatus.Pending, back.Status);
        Assert.Null(back.UnsubscribedAt);
    }

    [Fact]
    public async Task Removing_an_unknown_subscriber_says_so()
    {
        var (subscriber, _) = await _store.SubscribeAsync("x@example.org", SubscriberStatus.Confirmed, Now, None);

        Assert.True(await _store.RemoveSubscriberAsync(subscriber.Id, None));
        Assert.False(await _store.RemoveSubscriberAsync(subscriber.Id, None));
        Assert.False(await _store.SetSubscriberStatusAsync(subscriber.Id, SubscriberStatus.Confirmed, Now, None));
        Assert.Empty(await _store.ListSubscribersAsync(None));
    }

    [Fact]
    public async Task A_removed_subscribers_queued_issue_goes_with_them_and_never_to_whoever_comes_next()
    {
        var (leaver, _) = await _store.SubscribeAsync("leaver@example.org", SubscriberStatus.Confirmed, Now, None);
        await _store.SaveDigestAsync(RoundupBot.Tests.Web.TestWebServer.SampleDigest(1), Now, [DeliveryChannel.Email], None);

        Assert.True(await _store.RemoveSubscriberAsync(leaver.Id, None));
        var (newcomer, _) = await _store.SubscribeAsync("newcomer@example.org", SubscriberStatus.Confirmed, Now, None);

        Assert.Empty(await _store.ListDeliveriesAsync(1, None));
        Assert.Null(await _store.ClaimDeliveryAsync(DeliveryChannel.Email, "test", Now, TimeSpan.FromMinutes(1), None));
        Assert.NotEqual(default, newcomer.Id);
    }
}
