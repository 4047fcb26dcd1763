namespace RoundupBot.Summarization.Embedded;

/// <summary>A section's heading and the phrases that set it apart from the other sections.</summary>
/// <param name="Title">Two to six words in sentence case, unique within the issue (no emoji).</param>
/// <param name="Keyphrases">
/// The section's most distinctive phrases, best first, lower case except acronyms and names written in
/// mixed case ("LLM", "AlphaFold"); at most the titler's keyphrase count, empty for a section without words.
/// </param>
public sealed record SectionTitle(string Title, IReadOnlyList<string> Keyphrases);
