using System.Data.Common;

namespace RoundupBot.Storage;

/// <summary>The kinds of value a statement binds; each dialect turns them into its own parameters.</summary>
internal enum SqlType
{
    Text,
    Long,
    Int,
    Double,
    Bool,
    /// <summary>A <see cref="DateTimeOffset"/>, stored in UTC to whole milliseconds.</summary>
    Time,
    /// <summary>JSON text (a list or an object).</summary>
    Json,
    Bytes,
    /// <summary>A <c>long[]</c> matched with <see cref="SqlDialect.InList"/>.</summary>
    LongList,
    /// <summary>A <c>string[]</c> matched with <see cref="SqlDialect.InList"/>.</summary>
    TextList,
}

/// <summary>
/// What truly differs between the two databases, and nothing else: how values are bound and times read, list
/// parameters, row locks, the migration bookkeeping and how a unique violation is recognised. Every statement of
/// <see cref="SqlStore"/> is written once, with <c>@name</c> parameters, and asks its dialect for these pieces
/// (the way Quartz.NET's <c>StdAdoDelegate</c> leaves each database's delegate only what differs).
/// </summary>
internal abstract class SqlDialect
{
    /// <summary>Appended to a SELECT that must lock the rows it reads until commit; empty where one writer serialises everything.</summary>
    public abstract string ForUpdate { get; }

    /// <summary>Like <see cref="ForUpdate"/>, but rows another transaction holds are skipped rather than waited for.</summary>
    public abstract string ForUpdateSkipLocked { get; }

    /// <summary>The condition "is one of the list bound as <paramref name="parameter"/>" (a <see cref="SqlType.LongList"/> or <see cref="SqlType.TextList"/>), to follow an expression.</summary>
    public abstract string InList(string parameter);

    /// <summary>Creates <c>schema_migrations</c> if it is missing.</summary>
    public abstract string CreateMigrationsTable { get; }

    /// <summary>A query whose one value is 1 when <c>schema_migrations</c> exists, else 0.</summary>
    public abstract string MigrationsTableExists { get; }

    /// <summary>A parameter named <paramref name="name"/> (without the '@') holding <paramref name="value"/> (null: SQL NULL) as <paramref name="type"/>.</summary>
    public abstract DbParameter Parameter(string name, SqlType type, object? value);

    /// <summary>Reads a stored time (never null at <paramref name="ordinal"/>).</summary>
    public abstract DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    /// <summary>True when <paramref name="exception"/> says a statement broke a unique or primary-key constraint.</summary>
    public abstract bool IsUniqueViolation(DbException exception);
}
