using System.Globalization;

namespace RoundupBot.Storage;

/// <summary>
/// A change to the draft named a version that is no longer the current one (another editor, a rebuild or the deadline
/// came first), or there is no draft any more. Nothing was changed.
/// </summary>
public sealed class DraftChangedException : Exception
{
    public DraftChangedException() { }

    public DraftChangedException(string message) : base(message) { }

    public DraftChangedException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>A change made on version <paramref name="expected"/> while the draft is at <paramref name="current"/> (null: gone).</summary>
    public DraftChangedException(int expected, int? current)
        : base(current is { } now
            ? string.Create(CultureInfo.InvariantCulture, $"The draft changed meanwhile, reload: this change was made on version {expected}, the draft is now at version {now}.")
            : string.Create(CultureInfo.InvariantCulture, $"The draft changed meanwhile, reload: this change was made on version {expected}, and there is no draft any more (it was approved, published or discarded)."))
    {
        Expected = expected;
        Current = current;
    }

    /// <summary>The version the change was made on.</summary>
    public int Expected { get; }

    /// <summary>The draft's version now; null when there is no draft.</summary>
    public int? Current { get; }
}
