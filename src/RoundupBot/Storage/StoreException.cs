namespace RoundupBot.Storage;

/// <summary>The store refused or failed an operation; the message says which and what to do.</summary>
public sealed class StoreException : Exception
{
    public StoreException() { }

    public StoreException(string message) : base(message) { }

    public StoreException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>True when the operation broke a uniqueness rule (a source URL added twice).</summary>
    public bool Conflict { get; init; }
}
