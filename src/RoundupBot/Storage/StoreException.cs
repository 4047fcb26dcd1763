namespace RoundupBot.Storage;

/// <summary>The store refused or failed an operation; the message says which and what to do.</summary>
public sealed class StoreException : Exception
{
    public StoreException() { }

    public StoreException(string message) : base(message) { }

    public StoreException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>True when the operation broke a uniqueness rule (a source URL added twice).</summary>
    public bool Conflict { get; init; }

    /// <summary>What start-up says when <c>Storage:ApplySchema</c> is false and the schema is not this program's.</summary>
    internal static string SchemaMismatch(string database, int current, int wanted) => current > wanted
        ? $"Database {database}: schema version {current} is newer than this program's {wanted}; upgrade roundup."
        : $"Database {database}: schema version {current}, but this program needs {wanted}, and Storage:ApplySchema is false, so start-up " +
          "does not change it. Run 'roundup schema apply' as a user that may create tables (or apply the SQL 'roundup schema print' writes).";
}
