using System.Globalization;
using Npgsql;

namespace RoundupBot.Storage.Postgres;

public sealed partial class PostgresStore
{
    /// <inheritdoc />
    /// <remarks>
    /// When the pooled connection it is given turns out dead (the server restarted since it was last used), the
    /// question is asked once more: Npgsql has discarded that connection, and on a server's shutdown notice the rest
    /// of the pool with it, so the second answer comes from a new connection and says whether the server is there now.
    /// </remarks>
    public async Task PingAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await Deadline.RunAsync(PingOnceOrTwiceAsync, timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new StoreException(string.Create(CultureInfo.InvariantCulture,
                $"Database {_displayName}: no answer within {timeout.TotalSeconds:0.#} s; check that the server is running and reachable."));
        }
    }

    private async Task PingOnceOrTwiceAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await OpenAsync(cancellationToken);
            try
            {
                await using var command = Command(connection, null, "SELECT MAX(version) FROM schema_migrations");
                await command.ExecuteScalarAsync(cancellationToken);
                return;
            }
            catch (NpgsqlException ex) when (!cancellationToken.IsCancellationRequested)
            {
                var failure = Failed("checking the database", ex);
                if (attempt > 1 || !IsDeadConnection(ex))
                {
                    throw failure;
                }
            }
        }
    }

    /// <summary>
    /// True when <paramref name="ex"/> says the connection itself is gone (the server shut down, crashed or restarted,
    /// or the network dropped it) rather than that the server refused one statement.
    /// </summary>
    private static bool IsDeadConnection(NpgsqlException ex) =>
        ex is not PostgresException pg
        || pg.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow;
}
