namespace RoundupBot.Storage;

/// <summary>Where everything is kept. Bound to the <c>Storage</c> section.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary><c>sqlite</c> or <c>postgres</c>. <value>Default sqlite.</value></summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>
    /// For sqlite, empty means <c>roundup.db</c> in the data directory (<c>--data</c>); for postgres, an Npgsql
    /// connection string (a secret when it holds a password: give it through ROUNDUP__Storage__ConnectionString).
    /// </summary>
    public string? ConnectionString { get; set; }
}
