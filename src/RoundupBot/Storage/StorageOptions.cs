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

    /// <summary>
    /// Whether start-up creates and upgrades the tables (the store's and the scheduler's). Set false when the database
    /// user may not create tables: an administrator applies the schema with <c>roundup schema apply</c> (or the SQL of
    /// <c>roundup schema print</c>) and start-up only checks it is current. <value>Default true.</value>
    /// </summary>
    public bool ApplySchema { get; set; } = true;

    /// <summary>
    /// With postgres, how often each <c>roundup serve</c> instance tells the others it is alive (Quartz's cluster
    /// check-in) and renews its claims on deliveries. <value>Default 10 seconds.</value>
    /// </summary>
    public TimeSpan CheckinInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// With postgres, how long after a missed check-in an instance is taken for dead: its scheduled work, the job it was
    /// running and its delivery claims are then taken over by another. <value>Default 20 seconds.</value>
    /// </summary>
    public TimeSpan CheckinMisfireThreshold { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The <c>Storage</c> section of <paramref name="configuration"/>, bound as start-up binds it but not validated (for commands that touch no database).</summary>
    /// <exception cref="Configuration.ConfigurationException">The section has an unknown key or a value of the wrong type.</exception>
    public static StorageOptions Bind(Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        var options = new StorageOptions();
        Configuration.ConfigurationBinding.Bind(configuration, SectionName, options);
        return options;
    }

    /// <summary>True when the store is PostgreSQL, shared by every instance.</summary>
    public bool IsPostgres => string.Equals(Provider?.Trim(), "postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>How long work held by an instance that stopped checking in stays held: the claim lease.</summary>
    public TimeSpan TakeoverAfter => CheckinInterval + CheckinMisfireThreshold;
}
