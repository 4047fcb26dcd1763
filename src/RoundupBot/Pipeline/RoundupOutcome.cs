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
    /// <summary>With <c>Roundup:Review</c>: the draft this run stored (the issue built, sent to nobody); null otherwise.</summary>
    public Draft? Draft { get; init; }
    /// <summary>With <c>Roundup:Review</c>: the edited draft this run's build did not replace (an editor must discard or rebuild it).</summary>
    public Draft? KeptDraft { get; init; }
    /// <summary>Whom the editors' notice of <see cref="Draft"/> reached.</summary>
    public Editing.DraftNoticeReport? Notice { get; init; }
    /// <summary>A draft whose review deadline had passed, published by this run before it built the next one.</summary>
    public Digest? OverdueDraftPublished { get; init; }
    /// <summary>Why no issue was built (too few items or themes), for people.</summary>
    public string? NotBuiltReason { get; init; }
}
