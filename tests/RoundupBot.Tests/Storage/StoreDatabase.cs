using Microsoft.Extensions.Time.Testing;
using RoundupBot.Storage;

namespace RoundupBot.Tests.Storage;

/// <summary>
/// One empty database of one provider for one store test, the stores opened on it (disposed with it), and raw SQL for
/// what the store does not show. The store tests run once per provider through it.
/// </summary>
public abstract class StoreDatabase : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _stores = [];

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2024, 1, 15, 8, 0, 0, TimeSpan.Zero));

    /// <summary>The schema version the provider's store writes.</summary>
    public abstract int SchemaVersion { get; }

    /// <summary>A new store on this database (its own connections), not migrated.</summary>
    public IRoundupStore Open()
    {
        var store = OpenCore();
        _stores.Add((IAsyncDisposable)store);
        return store;
    }

    public async Task<IRoundupStore> OpenMigratedAsync()
    {
        var store = Open();
        await store.MigrateAsync(CancellationToken.None);
        return store;
    }

    /// <summary>The first row of a query run straight against the database, or null when it has none.</summary>
    public abstract Task<object?[]?> QueryRowAsync(string sql);

    /// <summary>Records <paramref name="version"/> as applied, as a newer program would have.</summary>
    public abstract Task MarkSchemaVersionAsync(int version);

    public async Task<long> CountRowsAsync(string table) => Convert.ToInt64((await QueryRowAsync($"SELECT COUNT(*) FROM {table}"))![0]);

    public virtual async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    protected abstract IRoundupStore OpenCore();
}
