using Npgsql;
using NpgsqlTypes;

namespace RoundupBot.Storage.Postgres;

/// <summary>
/// Typed parameters for the PostgreSQL store. Every value goes through a parameter (never into the SQL text), and every
/// parameter carries its PostgreSQL type, so a null is never an untyped <c>unknown</c> the server has to guess.
/// </summary>
internal static class PostgresParameters
{
    public static void AddText(this NpgsqlParameterCollection parameters, string name, string? value) =>
        parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Text) { Value = value is null ? DBNull.Value : value });

    public static void AddJson(this NpgsqlParameterCollection parameters, string name, string? json) =>
        parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Jsonb) { Value = json is null ? DBNull.Value : json });

    public static void AddLong(this NpgsqlParameterCollection parameters, string name, long value) =>
        parameters.Add(new NpgsqlParameter<long>(name, NpgsqlDbType.Bigint) { TypedValue = value });

    public static void AddInt(this NpgsqlParameterCollection parameters, string name, int? value) =>
        parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Integer) { Value = value is { } v ? v : DBNull.Value });

    public static void AddDouble(this NpgsqlParameterCollection parameters, string name, double value) =>
        parameters.Add(new NpgsqlParameter<double>(name, NpgsqlDbType.Double) { TypedValue = value });

    public static void AddBool(this NpgsqlParameterCollection parameters, string name, bool value) =>
        parameters.Add(new NpgsqlParameter<bool>(name, NpgsqlDbType.Boolean) { TypedValue = value });

    /// <summary>A time, in UTC and truncated to whole milliseconds (see <see cref="PostgresMigrations"/>), or null.</summary>
    public static void AddTime(this NpgsqlParameterCollection parameters, string name, DateTimeOffset? value) =>
        parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.TimestampTz) { Value = value is { } v ? ToStored(v) : DBNull.Value });

    public static void AddArray<T>(this NpgsqlParameterCollection parameters, string name, NpgsqlDbType elementType, T[] values) =>
        parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | elementType) { Value = values });

    /// <summary>What a stored time reads back as: UTC, whole milliseconds, exactly as SQLite keeps it.</summary>
    public static DateTimeOffset ToStored(DateTimeOffset time) => DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());

    public static DateTimeOffset ReadTime(this NpgsqlDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    public static DateTimeOffset? ReadNullableTime(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);

    public static string? ReadNullableString(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static int? ReadNullableInt(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);
}
