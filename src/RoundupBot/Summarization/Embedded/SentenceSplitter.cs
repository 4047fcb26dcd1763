using System.Collections.Frozen;

namespace RoundupBot.Summarization.Embedded;

/// <summary>
/// Splits plain text into sentences without breaking at abbreviations ("e.g.", "et al.", "Fig. 3"),
/// initials ("J. Smith"), decimals ("3.5") or version numbers.
/// </summary>
internal static class SentenceSplitter
{
    private static readonly FrozenSet<string> Abbreviations = FrozenSet.ToFrozenSet(
        [
            "e.g", "i.e", "eg", "ie", "al", "fig", "figs", "eq", "eqs", "vs", "cf", "approx", "ca", "dr", "prof",
            "mr", "mrs", "ms", "no", "nos", "sec", "ref", "refs", "resp", "st", "vol", "incl", "jr", "sr", "inc",
            "ltd", "corp", "dept", "univ", "u.s", "u.k", "e.u", "avg", "tab", "ch", "pp", "eds", "z.b", "d.h", "bzw",
        ],
        StringComparer.Ordinal);

    /// <summary>The sentences of <paramref name="text"/>, whitespace collapsed, none empty.</summary>
    public static List<string> Split(string? text)
    {
        var sentences = new List<string>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return sentences;
        }

        // A blank line ends a sentence even without punctuation (feed summaries often lose the full stop).
        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            SplitParagraph(TextTokens.CollapseWhitespace(paragraph), sentences);
        }

        return sentences;
    }

    private static void SplitParagraph(string text, List<string> sentences)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '。' or '！' or '？')
            {
                Add(text[start..(i + 1)], sentences);
                start = i + 1;
                continue;
            }

            if (c is not ('.' or '!' or '?' or '…'))
            {
                continue;
            }

            // Swallow a run of terminators and closing quotes or brackets: "…really?!" and "(see above.)".
            var end = i + 1;
            while (end < text.Length && (text[end] is '.' or '!' or '?' or '…' or '"' or '\'' or '\u201D' or '\u2019' or ')' or ']'))
            {
                end++;
            }

            if (end < text.Length && text[end] != ' ')
            {
                continue;
            }

            var next = end + 1;
            if (next < text.Length && !StartsSentence(text[next]))
            {
                continue;
            }

            if (c == '.' && end == i + 1 && IsAbbreviation(text, i))
            {
                continue;
            }

            Add(text[start..end], sentences);
            start = end;
            i = end - 1;
        }

        Add(text[start..], sentences);
    }

    private static bool StartsSentence(char c) =>
        char.IsUpper(c) || char.IsDigit(c) || c is '"' or '\'' or '\u201C' or '\u2018' or '(' or '[' or '«' or '¿' or '¡'
        || (char.IsLetter(c) && !char.IsLower(c));

    /// <summary>Whether the word that ends at the full stop at <paramref name="dot"/> is an abbreviation or an initial.</summary>
    private static bool IsAbbreviation(string text, int dot)
    {
        var begin = dot;
        while (begin > 0 && text[begin - 1] != ' ')
        {
            begin--;
        }

        var word = text[begin..dot].TrimStart('(', '[', '"', '\'', '\u201C').ToLowerInvariant();
        if (word.Length == 0)
        {
            return false;
        }

        // A single capital letter is an initial ("J. Smith"); a single lower-case one ends "Figure 2a." rarely enough.
        if (word.Length == 1 && char.IsLetter(word[0]) && char.IsUpper(text[dot - 1]))
        {
            return true;
        }

        return Abbreviations.Contains(word);
    }

    private static void Add(string sentence, List<string> sentences)
    {
        var trimmed = sentence.Trim();
        if (trimmed.Length > 0 && trimmed.Any(char.IsLetterOrDigit))
        {
            sentences.Add(trimmed);
        }
    }
}
