namespace RoundupBot.Model;

/// <summary>
/// One issue of the roundup: a numbered title, the period it covers, an intro, themed sections and the closing
/// "Other interesting things to read this week" list. Serialized as <c>digest.json</c> (camelCase), the contract
/// renderers, publishers and the archive read. Frozen once built: <see cref="ContentHash"/> covers everything a
/// reader sees.
/// </summary>
public sealed record Digest
{
    public required int Number { get; init; }
    /// <summary>"Some interesting things to start the week #5".</summary>
    public required string Title { get; init; }
    public required DateTimeOffset PeriodStart { get; init; }
    public required DateTimeOffset PeriodEnd { get; init; }
    /// <summary>
    /// The editor's opening paragraph in their own words (review mode), shown first in every rendering, before
    /// <see cref="Intro"/>. Null for an issue nobody wrote a note for: then the JSON has no such field.
    /// </summary>
    public string? EditorNote { get; init; }
    /// <summary>The opening paragraph, followed in every rendering by the "In today's edition:" list of sections.</summary>
    public required string Intro { get; init; }
    public required IReadOnlyList<Section> Sections { get; init; }
    public required IReadOnlyList<DigestItem> OtherReads { get; init; }
    /// <summary>How the digest was made: engine, counts and timings. Not part of <see cref="ContentHash"/>.</summary>
    public required DigestRun Run { get; init; }
    /// <summary>SHA-256 (hex) of the reader-visible content; set when the digest is frozen.</summary>
    public string? ContentHash { get; init; }
}
