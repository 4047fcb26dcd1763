using RoundupBot.Model;

namespace RoundupBot.Ingestion;

/// <summary>One entry of the <c>Sources</c> list: seeded into the store at start-up.</summary>
public sealed class SourceOptions
{
    public string? Name { get; set; }
    public string? Url { get; set; }
    /// <summary><c>rss</c> (RSS, Atom or JSON Feed), <c>arxiv</c> or <c>html</c>. <value>Default rss.</value></summary>
    public string? Kind { get; set; }
    /// <summary>Ranking weight. <value>Default 1; 0 to 10.</value></summary>
    public double Weight { get; set; } = 1.0;
    /// <summary>CSS selectors; required for <c>html</c> sources, not allowed for others.</summary>
    public HtmlSelectors? Selectors { get; set; }
}
