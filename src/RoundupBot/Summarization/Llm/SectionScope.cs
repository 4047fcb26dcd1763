namespace RoundupBot.Summarization.Llm;

/// <summary>What a section answer is checked against.</summary>
/// <param name="Items">The items of the section (or of this part of it): each must be cited, and only they may be.</param>
/// <param name="IssueItemIds">Every item id of the issue: a citation of one of them outside <paramref name="Items"/> is a foreign citation, of anything else an unknown one.</param>
/// <param name="EarlierSentences">Sentences already accepted in this issue, normalized with <see cref="AnswerEvaluator.SentenceKey"/>.</param>
public sealed record SectionScope(IReadOnlyList<PromptItem> Items, IReadOnlySet<long> IssueItemIds, IReadOnlySet<string> EarlierSentences);
