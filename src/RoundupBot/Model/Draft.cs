namespace RoundupBot.Model;

/// <summary>
/// The issue waiting for the editor when <c>Roundup:Review</c> is on: at most one at a time. Every change names the
/// <see cref="Version"/> it edits, and the store refuses one made on an older version, so two editors never overwrite
/// each other. Published (archived and sent) on approval or at its <see cref="Deadline"/>, then gone.
/// </summary>
public sealed record Draft
{
    /// <summary>Grows by one with every change, and never goes back, even across discards and rebuilds.</summary>
    public required int Version { get; init; }

    /// <summary>The issue as it stands; its number is the one it gets if nothing else is archived first.</summary>
    public required Digest Digest { get; init; }

    /// <summary>When the build this draft comes from ran.</summary>
    public required DateTimeOffset BuiltAt { get; init; }

    /// <summary>True once an editor changed anything: a newer build then does not replace it silently.</summary>
    public required bool Edited { get; init; }

    /// <summary>When it is published as it stands if nobody approved it (<c>Roundup:ReviewDeadline</c> after the build); null: it waits.</summary>
    public DateTimeOffset? Deadline { get; init; }
}
