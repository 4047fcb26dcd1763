using RoundupBot.Model;

namespace RoundupBot.Pipeline;

/// <summary>What fetching one source did.</summary>
public sealed record SourceFetchOutcome
{
    public required Source Source { get; init; }
    /// <summary>True for a fresh body or a 304; false when the fetch, parse or store failed.</summary>
    public bool Succeeded { get; init; }
    public bool NotModified { get; init; }
    public int Entries { get; init; }
    /// <summary>Entries the parser left out because they cannot be items (a Hacker News hit without an http URL).</summary>
    public int Skipped { get; init; }
    public UpsertCounts Items { get; init; }
    /// <summary>The failure, for people; null on success.</summary>
    public string? Error { get; init; }
    public TimeSpan Elapsed { get; init; }
}
