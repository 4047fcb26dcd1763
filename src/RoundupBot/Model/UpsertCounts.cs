namespace RoundupBot.Model;

/// <summary>What storing one fetch's entries did: new items, updated items, and entries that were already known unchanged.</summary>
public readonly record struct UpsertCounts(int Inserted, int Updated, int Unchanged)
{
    public int Total => Inserted + Updated + Unchanged;

    public static UpsertCounts operator +(UpsertCounts a, UpsertCounts b) =>
        new(a.Inserted + b.Inserted, a.Updated + b.Updated, a.Unchanged + b.Unchanged);

    public static UpsertCounts Add(UpsertCounts a, UpsertCounts b) => a + b;
}
