namespace RoundupBot.Storage.Postgres;

/// <summary>
/// The <see cref="IRoundupStore"/> for several <c>roundup serve</c> instances sharing one PostgreSQL database:
/// <see cref="SqlStore"/>'s statements over <see cref="PostgresDialect"/>, with the same contract and the same results as
/// <c>SqliteStore</c>. Calls run in parallel on pooled connections (see <see cref="PostgresExecutor"/>). Call
/// <see cref="SqlStore.MigrateAsync(CancellationToken)"/> once before anything else; dispose it to close the pool.
/// </summary>
public sealed class PostgresStore : SqlStore
{
    /// <summary>Uses the database an Npgsql connection string names (<c>Host=db;Database=roundup;Username=roundup;Password=…</c>).</summary>
    /// <param name="connectionString">Pooling is on unless the string turns it off. Nothing connects until the first call.</param>
    /// <param name="timeProvider">Gives the times the caller does not: when a source was added, when a migration ran.</param>
    /// <exception cref="StoreException">The connection string cannot be parsed (its text is not echoed: it may hold a password).</exception>
    public PostgresStore(string connectionString, TimeProvider timeProvider)
        : base(new PostgresExecutor(Configure(connectionString)), PostgresMigrations.All, timeProvider)
    {
    }

    /// <summary>The schema version this program writes; a database at a higher version is refused.</summary>
    public static int SchemaVersion => PostgresMigrations.LatestVersion;

    private static Npgsql.NpgsqlConnectionStringBuilder Configure(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = PostgresExecutor.ParseConnectionString(connectionString);
        // Names our sessions in pg_stat_activity and the server's log, unless the operator chose a name.
        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = "roundup";
        }

        return builder;
    }
}
