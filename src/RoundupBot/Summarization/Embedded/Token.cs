namespace RoundupBot.Summarization.Embedded;

/// <summary>One word: <paramref name="Key"/> for counting (lowercase, plural folded), <paramref name="Surface"/> as written.</summary>
internal readonly record struct Token(string Key, string Surface);
