using System.Globalization;
using System.Text;
using Quartz;
using RoundupBot.Scheduling;
using RoundupBot.Storage.Postgres;
using RoundupBot.Storage.Sqlite;

namespace RoundupBot.Storage;

/// <summary>
/// The whole schema as SQL, for an administrator to apply by hand where the program's database user may not create
/// tables (<c>roundup schema print</c>): the store's migrations, recorded in <c>schema_migrations</c> as start-up would
/// record them, and the scheduler's tables exactly as Quartz provisions them.
/// </summary>
public static class SchemaScript
{
    /// <summary>The script for an empty database of the provider the configuration's <c>Storage</c> section names.</summary>
    /// <exception cref="Configuration.ConfigurationException">The section has an unknown key or a value of the wrong type.</exception>
    public static string For(Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        var options = new StorageOptions();
        Configuration.ConfigurationBinding.Bind(configuration, StorageOptions.SectionName, options);
        return For(options);
    }

    /// <summary>The script for an empty database of the configured provider.</summary>
    public static string For(StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var postgres = options.IsPostgres;
        var migrations = postgres ? PostgresMigrations.All : SqliteMigrations.All;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"-- RoundupBot schema version {migrations.Count} for {(postgres ? "PostgreSQL" : "SQLite")}, for an empty database.");
        text.AppendLine("-- 'roundup schema apply' does the same, and also upgrades a database made by an earlier version.");
        text.AppendLine("BEGIN;");
        text.AppendLine(postgres
            ? "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL);"
            : "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL);");
        for (var version = 1; version <= migrations.Count; version++)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"-- migration {version}");
            text.AppendLine(migrations[version - 1].Trim().TrimEnd(';') + ";");
            var now = postgres ? "now()" : "CAST(unixepoch('subsec') * 1000 AS INTEGER)";
            text.AppendLine(CultureInfo.InvariantCulture, $"INSERT INTO schema_migrations (version, applied_at) VALUES ({version}, {now});");
        }

        text.AppendLine("COMMIT;");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"-- The scheduler's tables (Quartz.NET {typeof(IScheduler).Assembly.GetName().Version}), prefix {SchedulingServiceCollectionExtensions.TablePrefix}.");
        text.Append(QuartzScript(postgres ? "create_postgres.sql" : "create_sqlite.sql"));
        return text.ToString();
    }

    private static string QuartzScript(string name)
    {
        var resource = "Quartz.Impl.AdoJobStore.Schema." + name;
        using var stream = typeof(IScheduler).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Quartz.dll no longer carries {resource}; this version of roundup needs the Quartz it was built with.");
        using var reader = new StreamReader(stream);
        // {0} is the table prefix, {1} the same without a schema qualifier (we use none): see the script's own header.
        return reader.ReadToEnd()
            .Replace("{0}", SchedulingServiceCollectionExtensions.TablePrefix, StringComparison.Ordinal)
            .Replace("{1}", SchedulingServiceCollectionExtensions.TablePrefix, StringComparison.Ordinal);
    }
}
