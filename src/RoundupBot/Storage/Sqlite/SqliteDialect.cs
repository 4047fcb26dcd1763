using System.Data.Common;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace RoundupBot.Storage.Sqlite;

/// <summary>
/// SQLite's side of <see cref="SqlDialect"/>: times are INTEGER unix milliseconds (UTC), booleans integers, lists JSON
/// text read with <c>json_each</c>; no row locks, since the store's one writer already serialises every write.
/// </summary>
internal sealed class SqliteDialect : SqlDialect
{
    public static SqliteDialect Instance { get; } = new();

    public override string ForUpdate => "";

    public override string ForUpdateSkipLocked => "";

    public override string CreateMigrationsTable =>
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)";

    public override string MigrationsTableExists =>
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";

    public override string InList(string parameter) => $"IN (SELECT value FROM json_each({parameter}))";

    public override DbParameter Parameter(string name, SqlType type, object? value) => new SqliteParameter("@" + name, value switch
    {
        null => DBNull.Value,
        DateTimeOffset time => time.ToUnixTimeMilliseconds(),
        bool flag => flag ? 1L : 0L,
        long[] ids => "[" + string.Join(',', ids) + "]",
        string[] texts => JsonSerializer.Serialize(texts, StoreJsonContext.Default.StringArray),
        _ => value,
    });

    public override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    // SQLITE_CONSTRAINT (19) with SQLITE_CONSTRAINT_UNIQUE (2067) or SQLITE_CONSTRAINT_PRIMARYKEY (1555).
    public override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 or 1555 };
}
