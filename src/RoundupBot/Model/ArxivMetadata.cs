namespace RoundupBot.Model;

/// <summary>What arXiv says about a paper: the id without version, the version, categories, DOI and comment.</summary>
public sealed record ArxivMetadata
{
    /// <summary>The id without version: <c>2401.01234</c> or an old-style <c>hep-th/9901001</c>.</summary>
    public required string Id { get; init; }
    /// <summary>The version number (the 2 of v2); 1 when the feed does not say.</summary>
    public int Version { get; init; } = 1;
    public string? PrimaryCategory { get; init; }
    /// <summary>All categories, the primary one first.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];
    public string? Comment { get; init; }
    public string? JournalRef { get; init; }
    /// <summary>
    /// How arXiv's listing feed announced the paper (<c>arxiv:announce_type</c>): <c>new</c>, <c>cross</c> (a new paper
    /// listed in a further category), <c>replace</c> or <c>replace-cross</c> (a new version of an older paper); null
    /// when the feed does not say (the arXiv API, older listings).
    /// </summary>
    public string? AnnounceType { get; init; }
}
