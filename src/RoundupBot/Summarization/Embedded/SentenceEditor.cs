using System.Text.RegularExpressions;

namespace RoundupBot.Summarization.Embedded;

/// <summary>
/// Makes an abstract's sentence stand alone, the way an editor trims a quote: a leading connective or frame ("However,",
/// "To this end,", "In this paper,") goes; a sentence that opens with a pointer to text the reader never saw ("This",
/// "These", "It", "Such") is passed over; one longer than <see cref="MaxWords"/> words is cut at a clause boundary or
/// passed over. Also scores what a sentence says: a finding or a contribution over background and motivation.
/// </summary>
internal static partial class SentenceEditor
{
    /// <summary>The most words an item's own words may take in a summary sentence.</summary>
    public const int MaxWords = 35;

    private const int MinCutWords = 10;

    /// <summary>
    /// The sentence trimmed to stand alone, or null when it cannot: it opens with a pointer, it is a question, or it is
    /// longer than <see cref="MaxWords"/> words with no clause boundary to cut at. "This paper shows …" and the like
    /// keep their place: the caller names the item there (see <see cref="OpensWithTheWork"/>).
    /// </summary>
    public static string? StandAlone(string sentence)
    {
        var text = sentence.Trim();
        for (var round = 0; round < 3; round++)
        {
            var stripped = LeadingConnective().Replace(text, "", 1);
            stripped = InThisWork().Replace(stripped, "", 1);
            if (stripped == text)
            {
                break;
            }

            text = stripped.TrimStart();
        }

        if (text.Length == 0 || text.EndsWith('?') || !char.IsLetterOrDigit(text[0]))
        {
            return null;
        }

        text = char.ToUpperInvariant(text[0]) + text[1..];
        if ((Pointer().IsMatch(text) || PointerInOpeningClause().IsMatch(text)) && !OpensWithTheWork(text))
        {
            return null;
        }

        return Cut(text);
    }

    /// <summary>"This paper", "This study", "The paper", "This work": the item itself, which the caller names instead.</summary>
    public static bool OpensWithTheWork(string text) => TheWork().IsMatch(text);

    /// <summary>Replaces the opening "This paper" / "The study" with <paramref name="name"/>.</summary>
    public static string ReplaceTheWork(string text, string name) => TheWork().Replace(text, name, 1);

    /// <summary>"we" → "they", "our" → "their", "us" → "them", after the sentence's first word.</summary>
    public static string ThirdPerson(string text) =>
        FirstPerson().Replace(text, m => m.Value switch
        {
            "we" => "they",
            "We" => "They",
            "our" => "their",
            "Our" => "Their",
            "ours" => "theirs",
            "us" => "them",
            "ourselves" => "themselves",
            _ => m.Value,
        });

    /// <summary>
    /// How much the sentence says what an item found or made: positive for results, figures and contributions, negative
    /// for background and motivation.
    /// </summary>
    public static double Substance(string text, int position)
    {
        var score = 0.0;
        var hasResult = Result().IsMatch(text);
        var hasContribution = Contribution().IsMatch(text);
        score += hasResult ? 1.0 : 0;
        score += hasContribution ? 0.6 : 0;
        var hasFigure = text.Any(char.IsDigit);
        score += hasFigure ? 0.5 : 0;
        score += text.Contains('%', StringComparison.Ordinal) || text.Contains('×', StringComparison.Ordinal) ? 0.2 : 0;
        score -= Background().IsMatch(text) ? 1.0 : 0;
        // An abstract's first sentence without "we" or a figure is usually the field's background.
        if (position == 0 && !hasFigure && !hasResult && !hasContribution)
        {
            score -= 0.3;
        }

        return score;
    }

    /// <summary>Whole words, as a reader counts them.</summary>
    public static int Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>The sentence when it is short enough; else cut at its last clause boundary within the limit, or null.</summary>
    private static string? Cut(string text)
    {
        if (Words(text) <= MaxWords)
        {
            return text;
        }

        string? best = null;
        foreach (Match boundary in ClauseBoundary().Matches(text))
        {
            var head = text[..boundary.Index].TrimEnd(',', ';', ' ', '—', '–');
            var words = Words(head);
            if (words > MaxWords)
            {
                break;
            }

            if (words >= MinCutWords)
            {
                best = head;
            }
        }

        return best is null ? null : best + ".";
    }

    // Connectives that never start a stand-alone sentence lose their comma-less form too ("However the gap …"); words that
    // can also start a plain sentence ("Finally", "Second", "Still") go only with their comma.
    [GeneratedRegex(@"^(?:(?:However|Furthermore|Moreover|Additionally|In addition|Thus|Therefore|Hence|Consequently|Nevertheless|Nonetheless|Notably|Importantly|In particular|To this end|To that end|In this context|In this regard|In contrast|By contrast|Conversely|On the other hand|As a result|In summary|In conclusion|Accordingly|Meanwhile|Likewise|Similarly|Also|But|And|Yet)\b,?|Here(?=,? we\b),?|(?:Here|Finally|Specifically|Overall|First|Firstly|Second|Secondly|Third|Thirdly|Lastly|Still|Instead|Then|Indeed|Further|Besides|Crucially|Surprisingly|Interestingly|Remarkably|Ultimately|In this setting|To do so|To address (?:this|these|that)(?: \w+){0,2}|For this purpose|With this in mind|Against this backdrop|Building on (?:this|these)(?: \w+)?|In this way|To summarize|In short|Put simply|Or),)\s+", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingConnective();

    [GeneratedRegex(@"^In (?:this|the present|our) (?:paper|work|study|survey|article|post|letter|note|report|review|thesis|contribution|manuscript|chapter|blog post|piece)\b,?\s+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex InThisWork();

    // "Here is what …" teases an article the reader has not opened; it says nothing found.
    [GeneratedRegex(@"^(?:This|These|That|Those|Such|It|Its|They|Their|Them|Both|Each|Either|Neither|He|She|His|Her|The latter|The former|The above|The same|Said|Here(?:'s|’s| is| are))\b", RegexOptions.CultureInvariant)]
    private static partial Regex Pointer();

    // An opening clause that leans on what came before ("By iterating between the two, …", "With this method, we …",
    // "Unlike them, …"): the reader never saw what it points at.
    [GeneratedRegex(@"^[^,;:.]{0,60}?\b(?:the two|the three|both of them|these|this|those|them|the latter|the former)\b[^,;:.]{0,40},", RegexOptions.CultureInvariant)]
    private static partial Regex PointerInOpeningClause();

    [GeneratedRegex(@"^(?:This|The present|The|Our) (?:paper|work|study|survey|article|post|letter|note|report|review|thesis|manuscript|blog post|piece)\b", RegexOptions.CultureInvariant)]
    private static partial Regex TheWork();

    [GeneratedRegex(@"(?<=\s)(?:we|We|our|Our|ours|us|ourselves)\b", RegexOptions.CultureInvariant)]
    private static partial Regex FirstPerson();

    [GeneratedRegex(@"(?:,\s+(?:which|while|whereas|where|and|but|thereby|leading|making|allowing|enabling|giving|yielding|suggesting|showing|with)\b|;\s|\s[—–]\s)", RegexOptions.CultureInvariant)]
    private static partial Regex ClauseBoundary();

    [GeneratedRegex(@"\b(?:we (?:find|found|show|showed|prove|demonstrate|observe|report|confirm|obtain|establish)|results? (?:show|suggest|indicate)|outperform\w*|improv(?:es|ed|ing)|reduc(?:es|ed)|increas(?:es|ed)|achiev(?:es|ed)|surpass\w*|match(?:es|ed)|cuts?|halves|doubles|discover\w*|exclude[sd]?|reach(?:es|ed)|extend(?:s|ed|ing)|solves?|complet(?:es|ed)|succeed\w*|agrees?|favou?rs?|preferred|observed|finds|found|turns?|keeps?|surviv\w*|is equivalent|are equivalent|form a|satisf\w+|has infinitely|is of general type|lowers?|raises?|boosts?)\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Result();

    [GeneratedRegex(@"\b(?:we (?:propose|present|introduce|release|build|develop|train|construct|compute|measure|estimate|perform|run|place|design|describe|derive|study|compare|schedule|probe|let|generate|follow|review|revisit|pose|apply|turn)|today we|is a new|releases?d?|launch\w*|unveil\w*|pairs? a)\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Contribution();

    [GeneratedRegex(@"\b(?:ha(?:s|ve) drawn|growing interest|sparked interest|recent (?:advances|years|progress|work)|over the past|remains? (?:an? )?(?:open|challeng\w*|unclear|difficult)|is unclear|are expensive|is expensive|(?:is|are) (?:important|attractive|essential|crucial|promising|popular|widely used|well understood|a key|a central|a sensitive|the cleanest|natural to ask)|is a key|rarely|it is natural|aims? to|we aim|motivat\w*|challenging|most \w+ (?:have|learn|are|rely))\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Background();
}
