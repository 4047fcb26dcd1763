namespace RoundupBot.Summarization.Embedded;

/// <summary>
/// The short name a reader would use for an item: the system's name when the title gives one ("FunSearch: Making new
/// discoveries …" → "FunSearch", "Phi-3: a 3.8 billion-parameter …" → "Phi-3"), else a short form of the title cut at a
/// clause ("The mass function of dark matter halos above 10¹⁵ M⊙ in the Uchuu simulation" → "The mass function of dark
/// matter halos"), which sentences quote.
/// </summary>
/// <param name="Text">The name as it appears in a sentence.</param>
/// <param name="IsSystem">True for a system's own name (written bare), false for a title's short form (written in quotes).</param>
internal sealed record ItemName(string Text, bool IsSystem)
{
    private const int MaxSystemWords = 3;
    private const int MaxTitleWords = 9;
    private const int MinTitleWords = 3;

    // Where a title can be cut and still read as a name: before a preposition that starts a qualifier.
    private static readonly string[] Qualifiers =
        [" in ", " with ", " for ", " on ", " above ", " below ", " at ", " from ", " via ", " using ", " through ", " under ", " over ", " after ", " across ", " without ", " by "];

    /// <summary>The name for a title; a title without words gives its trimmed self.</summary>
    public static ItemName FromTitle(string title)
    {
        var text = TextTokens.CollapseWhitespace(title).Trim().TrimEnd('.');
        var colon = text.IndexOf(": ", StringComparison.Ordinal);
        if (colon > 0)
        {
            var head = text[..colon];
            if (SentenceEditor.Words(head) <= MaxSystemWords && LooksLikeAName(head))
            {
                return new ItemName(head, IsSystem: true);
            }
        }

        // A question or a subtitle after the main title: the main part names the work.
        foreach (var separator in new[] { ": ", "? ", " — ", " – ", " - " })
        {
            var at = text.IndexOf(separator, StringComparison.Ordinal);
            if (at > 0 && SentenceEditor.Words(text[..at]) >= MinTitleWords)
            {
                text = text[..at] + (separator == "? " ? "?" : "");
                break;
            }
        }

        return new ItemName(Shorten(text), IsSystem: false);
    }

    /// <summary>"FunSearch", "Phi-3", "OS-Pilot", "Magentic-One", "SmolLM on device": a capital or a digit after the first letter.</summary>
    private static bool LooksLikeAName(string head)
    {
        var words = head.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length > 0
            && words.Any(w => w.Skip(1).Any(c => char.IsUpper(c) || char.IsDigit(c)) || w.Contains('-', StringComparison.Ordinal) && char.IsUpper(w[0]))
            || (words.Length == 1 && char.IsUpper(head[0]));
    }

    private static string Shorten(string text)
    {
        if (SentenceEditor.Words(text) <= MaxTitleWords)
        {
            return text;
        }

        var best = -1;
        foreach (var qualifier in Qualifiers)
        {
            for (var at = text.IndexOf(qualifier, StringComparison.Ordinal); at > 0; at = text.IndexOf(qualifier, at + 1, StringComparison.Ordinal))
            {
                var words = SentenceEditor.Words(text[..at]);
                if (words >= MinTitleWords && words <= MaxTitleWords && at > best)
                {
                    best = at;
                }
            }
        }

        // No qualifier to cut at: the whole title, never a cut one.
        return best > 0 ? text[..best] : text;
    }
}
