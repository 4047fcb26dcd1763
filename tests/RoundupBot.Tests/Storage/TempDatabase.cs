using Microsoft.Extensions.Time.Testing;
using RoundupBot.Storage.Sqlite;

namespace RoundupBot.Tests.Storage;

/// <summary>A SQLite file in its own temp directory, deleted with the directory when disposed.</summary>
internal sealed class TempDatabase : IAsyncDisposable
{
    public TempDatabase()
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "roundup-tests-" + Guid.NewGuid().ToString("N"));
        Path = System.IO.Path.Combine(Directory, "nested", "roundup.db");
        Time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 15, 8, 0, 0, TimeSpan.Zero));
    }

    public string Directory { get; }
    public string Path { get; }
    public FakeTimeProvider Time { get; }

    public SqliteStore Open() => new(Path, Time);

    public async Task<SqliteStore> OpenMigratedAsync()
    {
        var store = Open();
        await store.MigrateAsync(CancellationToken.None);
        return store;
    }

    public ValueTask DisposeAsync()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }

        return ValueTask.CompletedTask;
    }
}
