using Microsoft.Extensions.Time.Testing;
using RoundupBot.Storage;
using RoundupBot.Storage.Sqlite;

namespace RoundupBot.Tests.Storage;

public sealed class SqliteStoreHealthTests
{
    [Fact]
    public async Task Ping_answers_on_a_migrated_database_and_names_the_file_when_it_is_not_a_database()
    {
        var directory = Directory.CreateTempSubdirectory("roundup-ping-").FullName;
        try
        {
            var path = Path.Combine(directory, "roundup.db");
            await using (var store = new SqliteStore(path, new FakeTimeProvider()))
            {
                await store.MigrateAsync(CancellationToken.None);
                await store.PingAsync(TimeSpan.FromSeconds(3), CancellationToken.None);
            }

            var broken = Path.Combine(directory, "broken.db");
            await File.WriteAllTextAsync(broken, new string('x', 4096));
            await using var brokenStore = new SqliteStore(broken, new FakeTimeProvider());

            var error = await Assert.ThrowsAsync<StoreException>(() => brokenStore.PingAsync(TimeSpan.FromSeconds(3), CancellationToken.None));

            Assert.Contains(broken, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
