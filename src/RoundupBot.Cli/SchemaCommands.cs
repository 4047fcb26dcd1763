using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Quartz;
using RoundupBot.Configuration;
using RoundupBot.Scheduling;
using RoundupBot.Storage;

namespace RoundupBot.Cli;

/// <summary>
/// <c>roundup schema print | apply</c>: the database's tables as a separate step, for databases where the program's own
/// user may not create tables (then <c>Storage:ApplySchema</c> is false and start-up only checks the schema).
/// </summary>
internal static class SchemaCommands
{
    public static Command Create(CliRunner runner, CliConsole console)
    {
        var schema = new Command("schema", "The database's tables: print them as SQL, or apply them (for databases where roundup itself may not create tables)");

        var print = new Command("print", "Write the SQL that creates every table (the store's and the scheduler's) in an empty database of the configured provider; touches no database");
        runner.SetHostedAction(print, (parseResult, _) =>
        {
            var configuration = RoundupConfiguration.Load(parseResult.GetValue(GlobalOptions.Config) ?? GlobalOptions.DefaultConfigPath);
            var storage = StorageOptions.Bind(configuration);
            console.Out.Write(SchemaScript.For(storage));
            console.Out.Write(SchedulerSchemaScript.For(storage.IsPostgres));
            return Task.FromResult(ExitCodes.Success);
        });
        schema.Subcommands.Add(print);

        var apply = new Command("apply", "Create or upgrade every table (the store's migrations and the scheduler's tables) in the configured database, whatever Storage:ApplySchema says");
        runner.SetAction(apply, async (_, services, output, cancellationToken) =>
        {
            // The store was migrated on the way in (CliHost); creating the scheduler provisions its tables.
            var scheduler = await services.GetRequiredService<ISchedulerFactory>().GetScheduler(cancellationToken);
            await scheduler.Shutdown(waitForJobsToComplete: false, cancellationToken);
            var storage = services.GetRequiredService<IOptions<StorageOptions>>().Value;
            output.Out.WriteLine($"Schema applied: the store's tables are at version {(storage.IsPostgres ? Storage.Postgres.PostgresStore.SchemaVersion : Storage.Sqlite.SqliteStore.SchemaVersion)} and the scheduler's tables are in place.");
            return ExitCodes.Success;
        }, new CliHostOptions(Scheduler: true, ApplySchema: true));
        schema.Subcommands.Add(apply);
        return schema;
    }
}
