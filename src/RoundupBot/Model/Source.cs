namespace RoundupBot.Model;

/// <summary>A feed or page RoundupBot reads, with the state of its last fetch.</summary>
public sealed record Source
{
    public long Id { get; init; }
    public required string Name { get; init; }
    public required string Url { get; init; }
    public SourceKind Kind { get; init; }
    /// <summary>Ranking weight; 1 is neutral.</summary>
    public double Weight { get; init; } = 1.0;
    public HtmlSelectors? Selectors { get; init; }
    public bool Enabled { get; init; } = true;
    public SourceFetchState Fetch { get; init; } = new();
    /// <summary>How many items this source has carried (filled by listings).</summary>
    public int ItemCount { get; init; }
}
