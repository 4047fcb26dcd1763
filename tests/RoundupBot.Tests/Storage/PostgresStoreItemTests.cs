using Npgsql;
using RoundupBot.Model;
using RoundupBot.Storage;
using RoundupBot.Storage.Postgres;

namespace RoundupBot.Tests.Storage;

public sealed class PostgresStoreItemTests : StoreItemTests
{
    private static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task Two_instances_storing_the_same_works_at_once_keep_one_item_per_work()
    {
        var first = Store;
        var second = Database.Open();
        var now = Database.Time.GetUtcNow();
        var inserted = 0;
        for (var round = 0; round < 5; round++)
        {
            // Both instances carry the same 60 papers and 60 posts; a further 20 works reach one instance as a blog
            // copy and the other as the arXiv paper with the same title, at the same moment.
            var papers = Enumerable.Range(0, 60).Select(i => Candidates.Arxiv($"24{round + 1:D2}.{i:D5}", 1, $"Round {round} paper {i} on shared things"));
            var posts = Enumerable.Range(0, 60).Select(i => Candidates.Url($"https://news.example/{round}/{i}", $"Round {round} story {i} everyone covered"));
            var blogCopies = Enumerable.Range(0, 20).Select(i => Candidates.Url($"https://blog.example/{round}/{i}", $"Round {round} work {i} told twice over"));
            var arxivCopies = Enumerable.Range(0, 20).Select(i => Candidates.Arxiv($"24{round + 1:D2}.{i + 100:D5}", 1, $"Round {round} work {i} told twice over"));
            ItemCandidate[] batchA = [.. papers, .. posts, .. blogCopies];
            ItemCandidate[] batchB = [.. papers.Reverse(), .. arxivCopies, .. posts.Reverse()];

            var counts = await Task.WhenAll(
                Task.Run(() => first.UpsertItemsAsync(SourceA, batchA, now, None)),
                Task.Run(() => second.UpsertItemsAsync(SourceB, batchB, now, None)));

            Assert.Equal(140 + 140, counts.Sum(c => c.Total));
            inserted += counts.Sum(c => c.Inserted);
        }

        var items = await first.ListItemsAsync(now.AddDays(-1), now.AddDays(1), None);
        Assert.Equal(5 * 140, items.Count);
        Assert.Equal(5 * 140, inserted);
        Assert.Equal(items.Count, items.Select(i => i.CanonicalKey).Distinct().Count());
        Assert.All(items.Where(i => !i.CanonicalKey.StartsWith("url:blog.example", StringComparison.Ordinal)),
            i => Assert.Equal([SourceA, SourceB], i.SourceIds.Order()));
        // The arXiv paper always ends up holding the work its blog copy was merged into, whichever came first.
        Assert.Equal(5 * 20, items.Count(i => i.Title.Contains("told twice over", StringComparison.Ordinal) && i.ArxivId is not null));
    }

    [Fact]
    public async Task Many_instances_storing_one_new_work_at_once_make_one_item()
    {
        var stores = Enumerable.Range(0, 6).Select(_ => Database.Open()).ToList();
        var now = Database.Time.GetUtcNow();
        // A short title has no title key: only the canonical key (and INSERT ... ON CONFLICT) keeps the instances apart.
        var candidate = Candidates.Url("https://blog.example/one", "One");

        var counts = await Task.WhenAll(stores.Select((s, i) => Task.Run(() => s.UpsertItemsAsync(i % 2 == 0 ? SourceA : SourceB, [candidate], now, None))));

        Assert.Equal(1, counts.Sum(c => c.Inserted));
        Assert.Equal(5, counts.Sum(c => c.Unchanged));
        Assert.Equal([SourceA, SourceB], Assert.Single(await Store.ListItemsAsync(now.AddDays(-1), now.AddDays(1), None)).SourceIds);
    }

    [Fact]
    public async Task A_feed_of_hundreds_of_titles_never_holds_up_another_instance_storing_other_titles()
    {
        var other = Database.Open();
        var now = Database.Time.GetUtcNow();
        // An arXiv listing of 300 papers; its last title is being stored by a third writer that has not committed yet.
        var listing = Enumerable.Range(0, 300).Select(i => Candidates.Arxiv($"2405.{i:D5}", 1, $"Listing paper {i} about sparse attention")).ToArray();
        await using var connection = new NpgsqlConnection(((PostgresStoreDatabase)Database).ConnectionString);
        await connection.OpenAsync();
        await using var writer = await connection.BeginTransactionAsync();
        await using (var locks = new NpgsqlCommand("SELECT pg_advisory_xact_lock_shared(@all), pg_advisory_xact_lock(@space, @title)", connection, writer))
        {
            locks.Parameters.AddWithValue("all", PostgresItemWriter.ItemWritingLockKey);
            locks.Parameters.AddWithValue("space", PostgresItemWriter.TitleLockSpace);
            locks.Parameters.AddWithValue("title", PostgresItemWriter.TitleLock(ItemMergeRules.TitleHash(listing[^1].TitleKey!)));
            await locks.ExecuteNonQueryAsync();
        }

        var big = Task.Run(() => Store.UpsertItemsAsync(SourceA, listing, now, None));
        var small = Task.Run(() => other.UpsertItemsAsync(SourceB, [Candidates.Url("https://news.example/unrelated", "An unrelated story from another feed")], now, None));

        // The small feed goes through while the listing waits for its one shared title; before, the listing locked all
        // item writing for itself and every other writer queued behind it.
        Assert.Equal(1, (await small.WaitAsync(TimeSpan.FromSeconds(30))).Inserted);
        Assert.False(big.IsCompleted);
        await writer.CommitAsync();
        Assert.Equal(300, (await big.WaitAsync(TimeSpan.FromSeconds(30))).Inserted);
        Assert.Equal(301, (await Store.ListItemsAsync(now.AddDays(-1), now.AddDays(1), None)).Count);
    }

    protected override async Task<StoreDatabase> CreateDatabaseAsync() => await PostgresStoreDatabase.CreateAsync();
}
