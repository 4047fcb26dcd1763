namespace RoundupBot.Summarization.Embedded;

/// <summary>One entry of the emoji lexicon: a theme, its emoji and the words that signal it.</summary>
/// <param name="Emoji">The emoji shown before the section title, with its variation selector if it needs one.</param>
/// <param name="Name">A short name for logs and tests ("quantum").</param>
/// <param name="Keywords">
/// Lower-case words or phrases. A plural matches its singular ("qubits" matches "qubit"); a keyword ending
/// in <c>*</c> matches every word that starts with it ("genom*" matches "genome" and "genomics").
/// </param>
public sealed record EmojiTheme(string Emoji, string Name, IReadOnlyList<string> Keywords);
