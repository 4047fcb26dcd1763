using Microsoft.Data.Sqlite;

namespace RoundupBot.Storage.Sqlite;

public sealed partial class SqliteStore
{
    /// <inheritdoc />
    /// <remarks><paramref name="timeout"/> is not enforced: in WAL mode a read does not wait for writers, so a local file answers or fails at once.</remarks>
    public async Task PingAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = Open();
            await using var command = connection.CreateCommand();
            // Reads the file, unlike SELECT 1: a file that went away or became unreadable fails here.
            command.CommandText = "SELECT MAX(version) FROM schema_migrations";
            await command.ExecuteScalarAsync(cancellationToken);
        }
        catch (SqliteException ex)
        {
            throw new StoreException($"Database {_displayName}: checking the database failed ({ex.Message}); check the file and its permissions.", ex);
        }
    }
}
