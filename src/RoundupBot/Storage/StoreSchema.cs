namespace RoundupBot.Storage;

/// <summary>How start-up readies the store's schema.</summary>
public static class StoreSchema
{
    /// <summary>Migrates the schema, or with <c>Storage:ApplySchema</c> false only checks it is current.</summary>
    public static Task PrepareAsync(this IRoundupStore store, StorageOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        return options.ApplySchema ? store.MigrateAsync(cancellationToken) : store.CheckSchemaAsync(cancellationToken);
    }
}
