using Microsoft.Data.Sqlite;
using RoundupBot.Model;

namespace RoundupBot.Storage.Sqlite;

public sealed partial class SqliteStore
{
    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<long, string>> GetGistsAsync(
        IReadOnlyList<Item> items, string model, string promptVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(promptVersion);
        var result = new Dictionary<long, string>(items.Count);
        if (items.Count == 0)
        {
            return result;
        }

        // Two items may share a content hash (the same text carried twice); both get the one gist.
        var byHash = items.GroupBy(i => i.ContentHash, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(i => i.Id).ToList(), StringComparer.Ordinal);
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT content_hash, gist FROM item_gists
            WHERE model = $model AND prompt_version = $version AND content_hash IN (SELECT value FROM json_each($hashes))
            """;
        command.Parameters.AddWithValue("$model", model);
        command.Parameters.AddWithValue("$version", promptVersion);
        command.Parameters.AddWithValue("$hashes", System.Text.Json.JsonSerializer.Serialize(byHash.Keys.ToArray(), StoreJsonContext.Default.StringArray));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            foreach (var id in byHash[reader.GetString(0)])
            {
                result[id] = reader.GetString(1);
            }
        }

        return result;
    }

    /// <inheritdoc />
    public async Task SaveGistsAsync(
        IReadOnlyList<(string ContentHash, string Gist)> gists, string model, string promptVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gists);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(promptVersion);
        if (gists.Count == 0)
        {
            return;
        }

        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var connection = GetWriteConnection();
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO item_gists (content_hash, model, prompt_version, gist, created_at)
                VALUES ($hash, $model, $version, $gist, $now)
                ON CONFLICT (content_hash, model, prompt_version) DO UPDATE SET gist = excluded.gist, created_at = excluded.created_at
                """;
            var hash = command.Parameters.Add("$hash", SqliteType.Text);
            command.Parameters.AddWithValue("$model", model);
            command.Parameters.AddWithValue("$version", promptVersion);
            var gist = command.Parameters.Add("$gist", SqliteType.Text);
            command.Parameters.AddWithValue("$now", ToUnixMs(_timeProvider.GetUtcNow()));
            command.Prepare();
            foreach (var row in gists)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ArgumentException.ThrowIfNullOrWhiteSpace(row.ContentHash, nameof(gists));
                ArgumentNullException.ThrowIfNull(row.Gist, nameof(gists));
                hash.Value = row.ContentHash;
                gist.Value = row.Gist;
                command.ExecuteNonQuery();
            }

            transaction.Commit();
        }
        catch (SqliteException ex)
        {
            throw new StoreException($"Database {_displayName}: saving {gists.Count} gists failed ({ex.Message}); check the file and its permissions.", ex);
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
