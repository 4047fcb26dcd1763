using RoundupBot.Summarization.Llm;

namespace RoundupBot.Summarization;

/// <summary>Which engine writes the sections. Bound to the <c>Summarizer</c> section.</summary>
public sealed class SummarizerOptions
{
    public const string SectionName = "Summarizer";

    /// <summary><c>embedded</c> (offline, deterministic) or <c>llm</c>. <value>Default embedded.</value></summary>
    public string Engine { get; set; } = "embedded";

    public LlmOptions Llm { get; set; } = new();
}
