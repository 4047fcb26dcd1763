using System.Globalization;
using Quartz;

namespace RoundupBot.Scheduling;

/// <summary>
/// The scheduler's tables as SQL, exactly as Quartz provisions them with our table prefix: the second half of
/// <c>roundup schema print</c>, after the store's <see cref="Storage.SchemaScript"/>.
/// </summary>
public static class SchedulerSchemaScript
{
    /// <summary>The script for an empty PostgreSQL (<paramref name="postgres"/>) or SQLite database.</summary>
    /// <exception cref="InvalidOperationException">The Quartz assembly no longer carries its schema script.</exception>
    public static string For(bool postgres)
    {
        var resource = "Quartz.Impl.AdoJobStore.Schema." + (postgres ? "create_postgres.sql" : "create_sqlite.sql");
        using var stream = typeof(IScheduler).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Quartz.dll no longer carries {resource}; this version of roundup needs the Quartz it was built with.");
        using var reader = new StreamReader(stream);
        var prefix = SchedulingServiceCollectionExtensions.TablePrefix;
        // {0} is the table prefix, {1} the same without a schema qualifier (we use none): see the script's own header.
        return string.Create(CultureInfo.InvariantCulture, $"-- The scheduler's tables (Quartz.NET {typeof(IScheduler).Assembly.GetName().Version}), prefix {prefix}.{Environment.NewLine}")
            + reader.ReadToEnd().Replace("{0}", prefix, StringComparison.Ordinal).Replace("{1}", prefix, StringComparison.Ordinal);
    }
}
