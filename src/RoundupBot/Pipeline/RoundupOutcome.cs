using RoundupBot.Model;
using RoundupBot.Publishing.Outbox;

namespace RoundupBot.Pipeline;

/// <summary>What a roundup run did: the fetch, the issue built (or why none was), and whether it was published and sent.</summary>
public sealed record RoundupOutcome
{
    /// <summary>Another run was in progress; this trigger did nothing.</summary>
    public static RoundupOutcome AlreadyRunning { get; } = new() { WasAlreadyRunning = true };

    public bool WasAlreadyRunning { get; init; }
    public FetchReport? Fetch { get; init; }
    /// <summary>The issue built; null when none could be (see <see cref="NotBuiltReason"/>).</summary>
    public Digest? Digest { get; init; }
    public bool Published { get; init; }
    /// <summary>The deliveries sent in this run: the new issue's, and any an earlier run left owing. Null for a dry run.</summary>
    public PublishReport? Deliveries { get; init; }
    /// <summary>Why no issue was built (too few items or themes), for people.</summary>
    public string? NotBuiltReason { get; init; }
}
