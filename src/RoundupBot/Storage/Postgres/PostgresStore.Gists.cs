using NpgsqlTypes;
using RoundupBot.Model;

namespace RoundupBot.Storage.Postgres;

public sealed partial class PostgresStore
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
        return await RunAsync<IReadOnlyDictionary<long, string>>("reading gists", async connection =>
        {
            await using var command = Command(connection, null, """
                SELECT content_hash, gist FROM item_gists
                WHERE model = @model AND prompt_version = @version AND content_hash = ANY(@hashes)
                """);
            command.Parameters.AddText("model", model);
            command.Parameters.AddText("version", promptVersion);
            command.Parameters.AddArray("hashes", NpgsqlDbType.Text, byHash.Keys.ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                foreach (var id in byHash[reader.GetString(0)])
                {
                    result[id] = reader.GetString(1);
                }
            }

            return result;
        }, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>One statement for the whole batch; when it names a content hash twice, the last gist wins.</remarks>
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

        var last = new Dictionary<string, string>(gists.Count, StringComparer.Ordinal);
        foreach (var row in gists)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ArgumentException.ThrowIfNullOrWhiteSpace(row.ContentHash, nameof(gists));
            ArgumentNullException.ThrowIfNull(row.Gist, nameof(gists));
            last[row.ContentHash] = row.Gist;
        }

        await RunAsync($"saving {gists.Count} gists", async connection =>
        {
            await using var command = Command(connection, null, """
                INSERT INTO item_gists (content_hash, model, prompt_version, gist, created_at)
                SELECT g.content_hash, @model, @version, g.gist, @now FROM unnest(@hashes, @gists) AS g (content_hash, gist)
                ON CONFLICT (content_hash, model, prompt_version) DO UPDATE SET gist = excluded.gist, created_at = excluded.created_at
                """);
            command.Parameters.AddText("model", model);
            command.Parameters.AddText("version", promptVersion);
            command.Parameters.AddTime("now", _timeProvider.GetUtcNow());
            command.Parameters.AddArray("hashes", NpgsqlDbType.Text, last.Keys.ToArray());
            command.Parameters.AddArray("gists", NpgsqlDbType.Text, last.Values.ToArray());
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }
}
