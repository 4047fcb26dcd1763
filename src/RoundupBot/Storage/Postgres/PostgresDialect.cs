using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace RoundupBot.Storage.Postgres;

/// <summary>
/// PostgreSQL's side of <see cref="SqlDialect"/>: times are <c>timestamptz</c> truncated to whole milliseconds (what
/// SQLite keeps, so both stores return and compare the same values), lists are arrays matched with <c>= ANY</c>, JSON is
/// <c>jsonb</c>, and rows are locked where several instances may write at once. Every parameter carries its type, so a
/// null is never an untyped <c>unknown</c> the server has to guess.
/// </summary>
internal sealed class PostgresDialect : SqlDialect
{
    public static PostgresDialect Instance { get; } = new();

    public override string ForUpdate => " FOR UPDATE";

    public override string ForUpdateSkipLocked => " FOR UPDATE SKIP LOCKED";

    public override string CreateMigrationsTable =>
        "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL)";

    public override string MigrationsTableExists => "SELECT CASE WHEN to_regclass('schema_migrations') IS NULL THEN 0 ELSE 1 END";

    public override string InList(string parameter) => $"= ANY({parameter})";

    public override DbParameter Parameter(string name, SqlType type, object? value) => new NpgsqlParameter(name, type switch
    {
        SqlType.Text => NpgsqlDbType.Text,
        SqlType.Long => NpgsqlDbType.Bigint,
        SqlType.Int => NpgsqlDbType.Integer,
        SqlType.Double => NpgsqlDbType.Double,
        SqlType.Bool => NpgsqlDbType.Boolean,
        SqlType.Time => NpgsqlDbType.TimestampTz,
        SqlType.Json => NpgsqlDbType.Jsonb,
        SqlType.Bytes => NpgsqlDbType.Bytea,
        SqlType.LongList => NpgsqlDbType.Array | NpgsqlDbType.Bigint,
        SqlType.TextList => NpgsqlDbType.Array | NpgsqlDbType.Text,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    })
    {
        Value = value switch
        {
            null => DBNull.Value,
            DateTimeOffset time => ToStored(time),
            _ => value,
        },
    };

    public override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    public override bool IsUniqueViolation(DbException exception) => exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <summary>What a stored time reads back as: UTC, whole milliseconds, exactly as SQLite keeps it.</summary>
    public static DateTimeOffset ToStored(DateTimeOffset time) => DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());
}
