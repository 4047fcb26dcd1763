using RoundupBot.Model;

namespace RoundupBot.Summarization.Llm;

/// <summary>What the LLM engine wrote: every section (the model's where it passed the evaluator), the intro and the run report.</summary>
public sealed record LlmWritten(IReadOnlyList<Section> Sections, string Intro, LlmRunReport Report);
