namespace RoundupBot.Ingestion;

/// <summary>The <c>Sources</c> list of the configuration (a JSON array, so it is bound by hand rather than by section name).</summary>
public sealed class SourcesOptions
{
    public const string SectionName = "Sources";

    public List<SourceOptions> Sources { get; set; } = [];
}
