using RoundupBot.Model;

namespace RoundupBot.Summarization.Llm;

/// <summary>A section as the model wrote it and the evaluator accepted it.</summary>
public sealed record SectionDraft(string Title, string Emoji, IReadOnlyList<Sentence> Sentences);
