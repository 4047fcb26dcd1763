using System.Globalization;
using System.Text.Json;
using RoundupBot.Model;

namespace RoundupBot.Storage;

/// <summary>
/// The <see cref="IRoundupStore"/>, written once over both databases: every statement and every business rule is here,
/// in the partial file of its concern; a <see cref="SqlDialect"/> supplies what differs in the SQL, a
/// <see cref="SqlExecutor"/> the connections and concurrency, an <see cref="IItemWriter"/> how a fetch's items are stored.
/// <c>SqliteStore</c> and <c>PostgresStore</c> only put those together. Call <see cref="MigrateAsync(CancellationToken)"/> once before
/// anything else; dispose it to close its connections.
/// </summary>
public abstract partial class SqlStore : IRoundupStore, IAsyncDisposable, IDisposable
{
    private const string VersionQuery = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";

    private readonly SqlExecutor _executor;
    private readonly IItemWriter _items;
    private readonly IReadOnlyList<string> _migrations;
    private readonly TimeProvider _timeProvider;

    private protected SqlStore(SqlExecutor executor, IReadOnlyList<string> migrations, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _executor = executor;
        _items = executor.CreateItemWriter();
        _migrations = migrations;
        _timeProvider = timeProvider;
    }

    private SqlDialect Dialect => _executor.Dialect;

    /// <inheritdoc />
    /// <remarks>Each migration is one transaction, recorded in <c>schema_migrations</c> with it.</remarks>
    public Task MigrateAsync(CancellationToken cancellationToken) => MigrateAsync(_migrations.Count, cancellationToken);

    /// <summary>Applies the migrations up to <paramref name="version"/> only (the schema parity test walks them one by one).</summary>
    internal Task MigrateAsync(int version, CancellationToken cancellationToken) => _executor.MigrateAsync(async session =>
    {
        await session.ExecuteAsync(Dialect.CreateMigrationsTable, null, cancellationToken);
        var current = (int)await session.ScalarLongAsync(VersionQuery, null, cancellationToken);
        if (current > _migrations.Count)
        {
            throw new StoreException(StoreException.SchemaMismatch(_executor.DisplayName, current, _migrations.Count));
        }

        for (var next = current + 1; next <= version; next++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var applied = next;
            await session.InTransactionAsync(async step =>
            {
                await step.ExecuteAsync(_migrations[applied - 1], null, cancellationToken);
                await step.ExecuteAsync("INSERT INTO schema_migrations (version, applied_at) VALUES (@version, @appliedAt)",
                    a => a.Int("version", applied).Time("appliedAt", _timeProvider.GetUtcNow()), cancellationToken);
            }, cancellationToken);
        }
    }, cancellationToken);

    /// <inheritdoc />
    public Task CheckSchemaAsync(CancellationToken cancellationToken) => _executor.ReadAsync("checking the schema", async session =>
    {
        var current = await session.ScalarLongAsync(Dialect.MigrationsTableExists, null, cancellationToken) == 0
            ? 0
            : (int)await session.ScalarLongAsync(VersionQuery, null, cancellationToken);
        if (current != _migrations.Count)
        {
            throw new StoreException(StoreException.SchemaMismatch(_executor.DisplayName, current, _migrations.Count));
        }

        return current;
    }, cancellationToken);

    /// <inheritdoc />
    public Task PingAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        // Reads the schema, unlike SELECT 1: a SQLite file that went away or became unreadable fails here.
        _executor.PingAsync("SELECT MAX(version) FROM schema_migrations", timeout, cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _executor.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _executor.Dispose();
        GC.SuppressFinalize(this);
    }

    internal static string ToJson(IReadOnlyList<string> list) =>
        list.Count == 0 ? "[]" : JsonSerializer.Serialize(list, StoreJsonContext.Default.IReadOnlyListString);

    internal static string[] FromJsonList(string? json) =>
        string.IsNullOrEmpty(json) || json == "[]" ? [] : JsonSerializer.Deserialize(json, StoreJsonContext.Default.StringArray) ?? [];

    private static string Text<TEnum>(TEnum value) where TEnum : struct, Enum => value.ToString().ToLower(CultureInfo.InvariantCulture);

    private static TEnum Parse<TEnum>(string text) where TEnum : struct, Enum => Enum.Parse<TEnum>(text, ignoreCase: true);
}
