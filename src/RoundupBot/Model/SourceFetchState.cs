namespace RoundupBot.Model;

/// <summary>What the last fetch of a source left behind: validators for the next conditional GET and its health.</summary>
public sealed record SourceFetchState
{
    public string? ETag { get; init; }
    public string? LastModified { get; init; }
    public DateTimeOffset? LastFetchedAt { get; init; }
    /// <summary>HTTP status of the last attempt, or null when it failed before an answer (timeout, refused, guard).</summary>
    public int? LastStatus { get; init; }
    /// <summary>The last failure's message; null after a success.</summary>
    public string? LastError { get; init; }
    public int ConsecutiveFailures { get; init; }
    /// <summary>When the source is due again; null means now.</summary>
    public DateTimeOffset? NextDueAt { get; init; }
    /// <summary>The feed's own title, as last read.</summary>
    public string? FeedTitle { get; init; }
}
