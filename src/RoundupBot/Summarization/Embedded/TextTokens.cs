using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace RoundupBot.Summarization.Embedded;

/// <summary>Word splitting and the word lists shared by the titler, the emoji picker and the summarizer.</summary>
internal static class TextTokens
{
    /// <summary>Function words: never at either end of a keyphrase, not counted for similarity.</summary>
    internal static readonly FrozenSet<string> StopWords = Keys("""
        a about above after again against all almost also although always am among an and another any are
        around as at be because been before being below between both but by can cannot could did do does
        doing done down during each either else even ever every few for from further had has have having he
        her here hers herself him himself his how however i if in into is it its itself just least less
        like many may me might more most much must my myself near neither no nor not now of off often on
        once one only onto or other others otherwise our ours ourselves out over own per rather same several
        she should since so some such than that the their theirs them themselves then there therefore these
        they this those though through thus to too toward towards under until up upon us very via was we
        were what whatever when where whereas whether which while who whom whose why will with within without
        would yet you your yours yourself yourselves de la le les des et du en el los las un une der die das
        und ist par pour dans sur avec nous est sont au aux ce cette ces qui que del con para por se su sus
        mit von zu im den dem für auf ein eine einer sich nicht wir
        across along amid beside besides beyond despite inside outside throughout versus vs unlike
        """);

    /// <summary>
    /// Words of scholarly boilerplate: they say nothing about a section's theme, so no keyphrase contains them.
    /// </summary>
    internal static readonly FrozenSet<string> Boilerplate = Keys("""
        paper papers propose proposed proposes approach approaches method methods result results show shows
        shown showing novel state-of-the-art sota arxiv abstract preprint framework frameworks new work works
        study studies present presents presented introduce introduces introduced achieve achieves achieved
        outperform outperforms outperforming significantly significant demonstrate demonstrates demonstrated
        experiment experiments experimental evaluate evaluated evaluation extensive key improve improves
        improved improvement improvements existing problem problems challenge challenging technique techniques
        effective effectively use used uses using based leverage leverages leveraging enable enables
        provide provides propose novel first finally furthermore moreover addition additionally recent recently
        et al fig figure table section conclusion introduction prior previous various well able way ways
        allow allows make makes made get gets take takes find finds found report reports reported paper's
        obtain obtains obtained achieve significant highly large-scale task tasks setting settings art
        learned lower higher better faster fewer larger smaller correct correctly accurate accurately reduce
        reduces reduced trained fine-tuned point points times compared versus given single whole
        """);

    /// <summary>Words too generic to stand alone or to open a phrase, but fine as its head ("language model").</summary>
    internal static readonly FrozenSet<string> Generic = Keys("""
        model models system systems network networks learning data algorithm algorithms analysis performance
        design process application applications tool tools set sets level levels type types number numbers
        time times case cases method benchmark benchmarks accuracy baseline baselines version versions
        answer answers question questions success feature features object objects real-world machine deep
        neural training step steps
        """);

    /// <summary>Stop words that may sit inside a three-word phrase ("chain of thought").</summary>
    internal static readonly FrozenSet<string> PhraseJoiners = FrozenSet.ToFrozenSet(["of", "for", "in", "on"], StringComparer.Ordinal);

    /// <summary>
    /// Splits text into runs of words a phrase may span. Punctuation, numbers and one-letter words end a run,
    /// so no phrase crosses a sentence or clause boundary.
    /// </summary>
    public static List<List<Token>> Segments(string? text)
    {
        var segments = new List<List<Token>>();
        if (string.IsNullOrEmpty(text))
        {
            return segments;
        }

        var current = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (IsWordChar(c))
            {
                var start = i;
                i++;
                while (i < text.Length
                       && (IsWordChar(text[i]) || (IsJoiner(text[i]) && i + 1 < text.Length && IsWordChar(text[i + 1]))))
                {
                    i++;
                }

                var surface = text[start..i];
                if (surface.Length < 2 || !surface.Any(char.IsLetter))
                {
                    Flush(segments, ref current);
                    continue;
                }

                current.Add(new Token(Key(surface), surface));
            }
            else
            {
                if (!char.IsWhiteSpace(c))
                {
                    Flush(segments, ref current);
                }

                i++;
            }
        }

        Flush(segments, ref current);
        return segments;
    }

    /// <summary>The keys of a text's words that carry meaning: no stop words, no boilerplate.</summary>
    public static IEnumerable<string> ContentKeys(string? text) =>
        Segments(text).SelectMany(s => s).Select(t => t.Key).Where(k => !StopWords.Contains(k) && !Boilerplate.Contains(k));

    /// <summary>
    /// The counting key of a word: lowercase, curly apostrophes straightened, possessive and a plain plural
    /// dropped, so "Qubits", "qubit" and "qubit's" count as one word.
    /// </summary>
    public static string Key(string word)
    {
        var key = word.ToLowerInvariant().Replace('\u2019', '\'');
        if (key.EndsWith("'s", StringComparison.Ordinal))
        {
            key = key[..^2];
        }

        key = key.TrimEnd('\'');
        if (key.Length > 4 && key.EndsWith("ies", StringComparison.Ordinal) && !key.EndsWith("series", StringComparison.Ordinal))
        {
            return key[..^3] + "y";
        }

        if (key.Length > 3
            && key[^1] == 's'
            && !key.EndsWith("ss", StringComparison.Ordinal)
            && !key.EndsWith("us", StringComparison.Ordinal)
            && !key.EndsWith("is", StringComparison.Ordinal)
            && !key.EndsWith("ics", StringComparison.Ordinal))
        {
            return key[..^1];
        }

        return key;
    }

    /// <summary>Whether a word may be part of a keyphrase at all.</summary>
    public static bool IsExcluded(string key) => Boilerplate.Contains(key) || StopWords.Contains(key);

    /// <summary>Collapses runs of whitespace to one space and trims.</summary>
    public static string CollapseWhitespace(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>
    /// Shortens text to at most <paramref name="maxLength"/> characters, cutting at a word boundary and
    /// ending with "…" when something was cut.
    /// </summary>
    public static string Trim(string? text, int maxLength)
    {
        var collapsed = CollapseWhitespace(text);
        if (collapsed.Length <= maxLength)
        {
            return collapsed;
        }

        // Room for the ellipsis; never split a surrogate pair.
        var cut = maxLength - 1;
        if (cut > 0 && char.IsHighSurrogate(collapsed[cut - 1]))
        {
            cut--;
        }

        var space = collapsed.LastIndexOf(' ', Math.Max(0, cut));
        if (space > maxLength / 2)
        {
            cut = space;
        }

        return collapsed[..cut].TrimEnd(' ', ',', ';', ':', '-', '\u2013', '\u2014', '(') + "…";
    }

    /// <summary>Upper-cases the first letter (culture-invariant).</summary>
    public static string Capitalize(string text) =>
        text.Length == 0 ? text : char.ToUpper(text[0], CultureInfo.InvariantCulture) + text[1..];

    private static bool IsWordChar(char c) =>
        char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;

    private static bool IsJoiner(char c) => c is '-' or '\'' or '\u2019';

    private static void Flush(List<List<Token>> segments, ref List<Token> current)
    {
        if (current.Count > 0)
        {
            segments.Add(current);
            current = [];
        }
    }

    private static FrozenSet<string> Keys(string words) =>
        words.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(w => new[] { w, Key(w) })
            .ToFrozenSet(StringComparer.Ordinal);
}
