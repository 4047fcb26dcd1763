using System.Buffers;
using System.Collections.Frozen;
using System.Text;

namespace RoundupBot.Text;

/// <summary>
/// Turns the LaTeX that arXiv titles and abstracts carry into readable Unicode: <c>$\alpha \le 0.6\times 10^{15}$</c>
/// becomes "α ≤ 0.6× 10¹⁵", <c>$\mathbb{Z}$</c> "ℤ", <c>Koll\'ar</c> "Kollár". What has no Unicode form is dropped, so no
/// <c>$</c> delimiter, backslash command or brace of math reaches a reader.
/// </summary>
/// <remarks>
/// Used twice: at ingestion (<c>ItemNormalizer</c>), so stored items are clean, and on the way out (the renderers and the
/// embedded engine), so items and issues stored before this existed come out clean too. Idempotent: converting converted
/// text changes nothing. A <c>$</c> followed by a digit with no math between it and the next <c>$</c> is money ("$5 million")
/// and stays. Text without a backslash, a <c>$</c> or a <c>^{</c>/<c>_{</c> is returned as it is, without copying. Pure,
/// thread-safe, never throws for unbalanced or odd input.
/// </remarks>
public static class LatexText
{
    /// <summary>The text with its LaTeX turned into Unicode (see the type's remarks); null becomes "".</summary>
    public static string ToUnicode(string? text)
    {
        if (string.IsNullOrEmpty(text) || !MayHoldLatex(text))
        {
            return text ?? "";
        }

        var output = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '$')
            {
                i = Dollar(text, i, output);
            }
            else if (c == '\\' && i + 1 < text.Length && text[i + 1] is '(' or '[')
            {
                var close = text.IndexOf(text[i + 1] == '(' ? "\\)" : "\\]", i + 2, StringComparison.Ordinal);
                var end = close < 0 ? text.Length : close;
                output.Append(Math(text[(i + 2)..end]));
                i = close < 0 ? text.Length : close + 2;
            }
            else if (c == '\\')
            {
                i = Command(text, i, output, math: false);
            }
            else if (c is '^' or '_' && i + 1 < text.Length && (text[i + 1] == '{' || (i > 0 && text[i - 1] == '}')))
            {
                // A braced script outside $…$, or one right after a group, is still LaTeX ("\cal{O}(\alpha_{s}^2)$" whose
                // opening $ was lost); "snake_case" and "x^2" in plain text are not.
                i = Script(text, i, output);
            }
            else
            {
                // Plain text up to the next character that may start LaTeX goes over in one piece.
                var next = text.AsSpan(i + 1).IndexOfAny(LatexStarts);
                var end = next < 0 ? text.Length : i + 1 + next;
                output.Append(text, i, end - i);
                i = end;
            }
        }

        return Tidy(output.ToString());
    }

    /// <summary>True when <paramref name="text"/> still holds a <c>$</c> delimiter or a backslash command; what tests and guards check.</summary>
    public static bool HasLatex(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length && (char.IsAsciiLetter(text[i + 1]) || text[i + 1] is '(' or '[' or ',' or '\'' or '`' or '"'))
            {
                return true;
            }

            if (text[i] == '$' && !(i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly SearchValues<char> LatexStarts = SearchValues.Create("$\\^_");

    private static bool MayHoldLatex(string text) =>
        text.Contains('\\', StringComparison.Ordinal) || text.Contains('$', StringComparison.Ordinal)
        || text.Contains("^{", StringComparison.Ordinal) || text.Contains("_{", StringComparison.Ordinal);

    /// <summary>A <c>$</c> or <c>$$</c>: math up to the matching delimiter, money, or a stray delimiter to drop.</summary>
    private static int Dollar(string text, int i, StringBuilder output)
    {
        var width = i + 1 < text.Length && text[i + 1] == '$' ? 2 : 1;
        var close = text.IndexOf(width == 2 ? "$$" : "$", i + width, StringComparison.Ordinal);
        if (close >= 0)
        {
            var content = text[(i + width)..close];
            if (width == 2 || LooksLikeMath(content))
            {
                output.Append(Math(content));
                return close + width;
            }
        }

        if (width == 1 && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]))
        {
            output.Append('$');
        }

        // A lone delimiter (its partner lost to a cut) is dropped.
        return i + width;
    }

    /// <summary>"$n$", "$p > 5$" and "$\alpha$" are math; "$5 and $" (two prices) is not.</summary>
    private static bool LooksLikeMath(string content) =>
        content.Length > 0
        && (content.IndexOfAny(['\\', '^', '_', '{', '}', '=', '<', '>']) >= 0 || !content.Contains(' ', StringComparison.Ordinal))
        && !(content.Length > 0 && char.IsAsciiDigit(content[0]) && content.EndsWith(' '));

    private static string Math(string content)
    {
        var output = new StringBuilder(content.Length);
        var i = 0;
        while (i < content.Length)
        {
            i = MathToken(content, i, output);
        }

        return output.ToString();
    }

    /// <summary>Reads one token of math at <paramref name="i"/> into <paramref name="output"/>; returns the next index.</summary>
    private static int MathToken(string text, int i, StringBuilder output)
    {
        var c = text[i];
        switch (c)
        {
            case '\\':
                return Command(text, i, output, math: true);
            case '^' or '_':
                return Script(text, i, output);
            case '{':
                var (inner, next) = Group(text, i);
                output.Append(Math(inner));
                return next;
            case '}':
                return i + 1;
            case '~':
                output.Append(' ');
                return i + 1;
            default:
                output.Append(c);
                return i + 1;
        }
    }

    /// <summary>The next argument of a command or script: a braced group, a command, or one character, converted as math.</summary>
    private static (string Text, int Next) Argument(string text, int i)
    {
        while (i < text.Length && text[i] == ' ')
        {
            i++;
        }

        if (i >= text.Length)
        {
            return ("", i);
        }

        if (text[i] == '{')
        {
            var (inner, next) = Group(text, i);
            return (Math(inner), next);
        }

        var output = new StringBuilder();
        var after = text[i] == '\\' ? Command(text, i, output, math: true) : i + 1;
        return (text[i] == '\\' ? output.ToString() : text[i].ToString(), after);
    }

    /// <summary>The raw content of the braced group opening at <paramref name="open"/>, and the index after it.</summary>
    private static (string Inner, int Next) Group(string text, int open)
    {
        var depth = 0;
        for (var j = open; j < text.Length; j++)
        {
            if (text[j] == '\\')
            {
                j++;
                continue;
            }

            if (text[j] == '{')
            {
                depth++;
            }
            else if (text[j] == '}' && --depth == 0)
            {
                return (text[(open + 1)..j], j + 1);
            }
        }

        return (text[(open + 1)..], text.Length);
    }

    private static int Script(string text, int i, StringBuilder output)
    {
        var superscript = text[i] == '^';
        var (argument, next) = Argument(text, i + 1);
        var map = superscript ? Superscripts : Subscripts;
        if (argument.Length > 0 && argument.All(map.ContainsKey))
        {
            foreach (var ch in argument)
            {
                output.Append(map[ch]);
            }
        }
        else if (argument.Length == 1 && !char.IsLetterOrDigit(argument[0]))
        {
            // M_\odot, K^*, x^\prime: a lone symbol reads fine as it is.
            output.Append(argument);
        }
        else if (argument.Length > 0)
        {
            output.Append(superscript ? "^" : "_").Append(argument.Length > 1 && superscript ? "(" + argument + ")" : argument);
        }

        return next;
    }

    /// <summary>A backslash command at <paramref name="i"/>; returns the index after it and its arguments.</summary>
    private static int Command(string text, int i, StringBuilder output, bool math)
    {
        if (i + 1 >= text.Length)
        {
            return i + 1;
        }

        var first = text[i + 1];
        if (!char.IsAsciiLetter(first))
        {
            return Symbol(text, i, first, output, math);
        }

        var end = i + 1;
        while (end < text.Length && char.IsAsciiLetter(text[end]))
        {
            end++;
        }

        var name = text[(i + 1)..end];
        if (Symbols.TryGetValue(name, out var symbol))
        {
            output.Append(symbol);
            return end;
        }

        if (Accents.TryGetValue(name, out var accent) && name.Length == 1)
        {
            // \c{c}, \v{s}, \H{o}, \u{a}: letter accents.
            var (letter, next) = Argument(text, end);
            output.Append(Accent(letter, accent));
            return next;
        }

        switch (name)
        {
            case "mathbb" or "mathbbm" or "bbb":
                return Styled(text, end, output, DoubleStruck);
            case "mathcal" or "cal" or "mathscr":
                return Styled(text, end, output, Calligraphic);
            case "mathfrak":
                return Styled(text, end, output, Fraktur);
            case "overline" or "bar" or "hat" or "widehat" or "tilde" or "widetilde" or "vec" or "dot" or "ddot" or "check" or "breve" or "acute" or "grave":
            {
                var (argument, next) = Argument(text, end);
                output.Append(Combine(argument, MathAccents[name]));
                return next;
            }

            case "frac" or "dfrac" or "tfrac":
            {
                var (numerator, afterNumerator) = Argument(text, end);
                var (denominator, next) = Argument(text, afterNumerator);
                output.Append(Wrap(numerator)).Append('/').Append(Wrap(denominator));
                return next;
            }

            case "sqrt":
            {
                var (radicand, next) = Argument(text, end);
                output.Append('√').Append(Wrap(radicand));
                return next;
            }

            case "textsuperscript" or "textsubscript":
            {
                var scripted = (name == "textsuperscript" ? "^" : "_") + text[end..];
                return end - 1 + Script(scripted, 0, output);
            }

            case "cite" or "citep" or "citet" or "ref" or "eqref" or "label" or "footnote" or "vspace" or "hspace":
                return SkipArgument(text, end);
            case "href":
            {
                // \href{url}{text}: the reader gets the text; the URL is not ours to link.
                var (linkText, next) = Argument(text, SkipArgument(text, end));
                output.Append(linkText);
                return next;
            }

            case "left" or "right" or "big" or "Big" or "bigg" or "Bigg" or "bigl" or "bigr" or "Bigl" or "Bigr" or "displaystyle" or "textstyle" or "limits" or "nolimits":
                return end;
            default:
                // \mathrm{cm}, \text{…}, \emph{…}, \url{…} and unknown commands: the name goes, the argument stays.
                if (end < text.Length && text[end] == '{')
                {
                    var (inner, next) = Group(text, end);
                    output.Append(math || TextArguments.Contains(name) ? Math(inner) : ToUnicode(inner));
                    return next;
                }

                return end;
        }
    }

    /// <summary>\', \", \^, \`, \~, \=, \. before a letter; \, \; \! \% \&amp; \_ \# \$ \{ \} and \\.</summary>
    private static int Symbol(string text, int i, char first, StringBuilder output, bool math)
    {
        if (Accents.TryGetValue(first.ToString(), out var accent) && !(math && first is '.' or '='))
        {
            var (letter, next) = Argument(text, i + 2);
            output.Append(Accent(letter, accent));
            return next;
        }

        output.Append(first switch
        {
            ',' or ';' or ':' or ' ' or '>' => " ",
            '!' or '/' or '-' => "",
            '\\' => " ",
            '%' or '&' or '_' or '#' or '{' or '}' or '|' => first == '|' ? "‖" : first.ToString(),
            '$' => "$",
            _ => "",
        });
        return i + 2;
    }

    private static int Styled(string text, int end, StringBuilder output, FrozenDictionary<char, string> style)
    {
        var (argument, next) = Argument(text, end);
        foreach (var ch in argument)
        {
            output.Append(style.TryGetValue(ch, out var styled) ? styled : ch.ToString());
        }

        return next;
    }

    private static int SkipArgument(string text, int end) =>
        end < text.Length && text[end] == '{' ? Group(text, end).Next : end;

    private static string Wrap(string part) =>
        part.Length <= 1 || part.All(char.IsLetterOrDigit) ? part : "(" + part.Trim() + ")";

    private static string Accent(string letter, char combining) =>
        letter.Length == 0 ? "" : (letter[0] + combining.ToString() + letter[1..]).Normalize(NormalizationForm.FormC);

    private static string Combine(string argument, char combining)
    {
        var output = new StringBuilder(argument.Length * 2);
        foreach (var ch in argument)
        {
            output.Append(ch);
            if (!char.IsWhiteSpace(ch))
            {
                output.Append(combining);
            }
        }

        return output.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>Collapses the runs of spaces math leaves and drops braces nothing claimed.</summary>
    private static string Tidy(string text)
    {
        if (!text.Contains("  ", StringComparison.Ordinal))
        {
            return text;
        }

        var output = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c == ' ' && output.Length > 0 && output[^1] == ' ')
            {
                continue;
            }

            output.Append(c);
        }

        return output.ToString();
    }

    private static readonly FrozenSet<string> TextArguments = FrozenSet.ToFrozenSet(["mathrm", "mathit", "mathbf", "mathsf", "mathtt", "operatorname", "boldsymbol", "bm"], StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, char> Accents = new Dictionary<string, char>(StringComparer.Ordinal)
    {
        ["'"] = '\u0301', ["`"] = '\u0300', ["^"] = '\u0302', ["\""] = '\u0308', ["~"] = '\u0303', ["="] = '\u0304', ["."] = '\u0307',
        ["c"] = '\u0327', ["v"] = '\u030C', ["u"] = '\u0306', ["H"] = '\u030B', ["k"] = '\u0328', ["r"] = '\u030A',
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, char> MathAccents = new Dictionary<string, char>(StringComparer.Ordinal)
    {
        ["overline"] = '\u0305', ["bar"] = '\u0304', ["hat"] = '\u0302', ["widehat"] = '\u0302', ["tilde"] = '\u0303', ["widetilde"] = '\u0303',
        ["vec"] = '\u20D7', ["dot"] = '\u0307', ["ddot"] = '\u0308', ["check"] = '\u030C', ["breve"] = '\u0306', ["acute"] = '\u0301', ["grave"] = '\u0300',
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> Symbols = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["alpha"] = "α", ["beta"] = "β", ["gamma"] = "γ", ["delta"] = "δ", ["epsilon"] = "ε", ["varepsilon"] = "ε", ["zeta"] = "ζ",
        ["eta"] = "η", ["theta"] = "θ", ["vartheta"] = "ϑ", ["iota"] = "ι", ["kappa"] = "κ", ["lambda"] = "λ", ["mu"] = "μ", ["nu"] = "ν",
        ["xi"] = "ξ", ["pi"] = "π", ["varpi"] = "ϖ", ["rho"] = "ρ", ["varrho"] = "ϱ", ["sigma"] = "σ", ["varsigma"] = "ς", ["tau"] = "τ",
        ["upsilon"] = "υ", ["phi"] = "φ", ["varphi"] = "φ", ["chi"] = "χ", ["psi"] = "ψ", ["omega"] = "ω",
        ["Gamma"] = "Γ", ["Delta"] = "Δ", ["Theta"] = "Θ", ["Lambda"] = "Λ", ["Xi"] = "Ξ", ["Pi"] = "Π", ["Sigma"] = "Σ",
        ["Upsilon"] = "Υ", ["Phi"] = "Φ", ["Psi"] = "Ψ", ["Omega"] = "Ω",
        ["le"] = "≤", ["leq"] = "≤", ["leqslant"] = "≤", ["ge"] = "≥", ["geq"] = "≥", ["geqslant"] = "≥", ["ne"] = "≠", ["neq"] = "≠",
        ["lesssim"] = "≲", ["gtrsim"] = "≳", ["approx"] = "≈", ["sim"] = "~", ["simeq"] = "≃", ["cong"] = "≅", ["equiv"] = "≡",
        ["propto"] = "∝", ["ll"] = "≪", ["gg"] = "≫", ["in"] = "∈", ["notin"] = "∉", ["ni"] = "∋", ["subset"] = "⊂", ["subseteq"] = "⊆",
        ["supset"] = "⊃", ["supseteq"] = "⊇", ["cup"] = "∪", ["cap"] = "∩", ["setminus"] = "∖", ["emptyset"] = "∅", ["varnothing"] = "∅",
        ["to"] = "→", ["rightarrow"] = "→", ["longrightarrow"] = "→", ["leftarrow"] = "←", ["gets"] = "←", ["Rightarrow"] = "⇒",
        ["Leftarrow"] = "⇐", ["leftrightarrow"] = "↔", ["Leftrightarrow"] = "⇔", ["iff"] = "⇔", ["implies"] = "⇒", ["mapsto"] = "↦",
        ["uparrow"] = "↑", ["downarrow"] = "↓", ["infty"] = "∞", ["partial"] = "∂", ["nabla"] = "∇", ["pm"] = "±", ["mp"] = "∓",
        ["times"] = "×", ["cdot"] = "·", ["cdots"] = "⋯", ["ldots"] = "…", ["dots"] = "…", ["circ"] = "∘", ["star"] = "⋆", ["ast"] = "∗",
        ["prime"] = "′", ["odot"] = "⊙", ["sun"] = "☉", ["msun"] = "M⊙", ["Msun"] = "M⊙", ["hbar"] = "ℏ", ["ell"] = "ℓ", ["sum"] = "∑",
        ["prod"] = "∏", ["int"] = "∫", ["oint"] = "∮", ["forall"] = "∀", ["exists"] = "∃", ["neg"] = "¬", ["lnot"] = "¬", ["wedge"] = "∧",
        ["land"] = "∧", ["vee"] = "∨", ["lor"] = "∨", ["oplus"] = "⊕", ["otimes"] = "⊗", ["langle"] = "⟨", ["rangle"] = "⟩", ["vert"] = "|",
        ["lvert"] = "|", ["rvert"] = "|", ["Vert"] = "‖", ["mid"] = "|", ["dagger"] = "†", ["ddagger"] = "‡", ["perp"] = "⊥", ["bot"] = "⊥",
        ["top"] = "⊤", ["parallel"] = "∥", ["angle"] = "∠", ["triangle"] = "△", ["Box"] = "□", ["aleph"] = "ℵ", ["Re"] = "ℜ", ["Im"] = "ℑ",
        ["wp"] = "℘", ["degree"] = "°", ["deg"] = "deg", ["log"] = "log", ["ln"] = "ln", ["exp"] = "exp", ["sin"] = "sin", ["cos"] = "cos",
        ["tan"] = "tan", ["max"] = "max", ["min"] = "min", ["lim"] = "lim", ["sup"] = "sup", ["inf"] = "inf", ["det"] = "det", ["dim"] = "dim",
        ["ker"] = "ker", ["Pr"] = "Pr", ["arg"] = "arg", ["AA"] = "Å", ["aa"] = "å", ["ss"] = "ß", ["o"] = "ø", ["O"] = "Ø", ["ae"] = "æ",
        ["AE"] = "Æ", ["oe"] = "œ", ["l"] = "ł", ["L"] = "Ł", ["i"] = "ı", ["quad"] = " ", ["qquad"] = " ", ["colon"] = ":",
        ["lbrace"] = "{", ["rbrace"] = "}", ["backslash"] = "", ["LaTeX"] = "LaTeX", ["TeX"] = "TeX", ["textendash"] = "–", ["textemdash"] = "—",
        ["S"] = "§", ["P"] = "¶", ["copyright"] = "©", ["pounds"] = "£", ["euro"] = "€", ["textdegree"] = "°",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<char, char> Superscripts = Pairs(
        "0123456789+-=()niabcdefghjklmoprstuvwxyzABDEGHIJKLMNOPRTUVW\u2212",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵃᵇᶜᵈᵉᶠᵍʰʲᵏˡᵐᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ⁻");

    private static readonly FrozenDictionary<char, char> Subscripts = Pairs(
        "0123456789+-=()aehijklmnoprstuvxβγρφχ\u2212",
        "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ₋");

    private static readonly FrozenDictionary<char, string> DoubleStruck = Letters(0x1D538, 0x1D552, new Dictionary<char, string>
    {
        ['C'] = "ℂ", ['H'] = "ℍ", ['N'] = "ℕ", ['P'] = "ℙ", ['Q'] = "ℚ", ['R'] = "ℝ", ['Z'] = "ℤ",
        ['0'] = "𝟘", ['1'] = "𝟙", ['2'] = "𝟚",
    });

    private static readonly FrozenDictionary<char, string> Calligraphic = Letters(0x1D49C, 0x1D4B6, new Dictionary<char, string>
    {
        ['B'] = "ℬ", ['E'] = "ℰ", ['F'] = "ℱ", ['H'] = "ℋ", ['I'] = "ℐ", ['L'] = "ℒ", ['M'] = "ℳ", ['R'] = "ℛ", ['e'] = "ℯ", ['g'] = "ℊ", ['o'] = "ℴ",
    });

    private static readonly FrozenDictionary<char, string> Fraktur = Letters(0x1D504, 0x1D51E, new Dictionary<char, string>
    {
        ['C'] = "ℭ", ['H'] = "ℌ", ['I'] = "ℑ", ['R'] = "ℜ", ['Z'] = "ℨ",
    });

    private static FrozenDictionary<char, char> Pairs(string from, string to)
    {
        var map = new Dictionary<char, char>();
        for (var k = 0; k < from.Length; k++)
        {
            map.TryAdd(from[k], to[k]);
        }

        return map.ToFrozenDictionary();
    }

    /// <summary>A mathematical alphabet: capitals from <paramref name="upper"/>, small letters from <paramref name="lower"/>, the holes filled by letterlike symbols.</summary>
    private static FrozenDictionary<char, string> Letters(int upper, int lower, Dictionary<char, string> exceptions)
    {
        var map = new Dictionary<char, string>(exceptions);
        for (var k = 0; k < 26; k++)
        {
            map.TryAdd((char)('A' + k), char.ConvertFromUtf32(upper + k));
            map.TryAdd((char)('a' + k), char.ConvertFromUtf32(lower + k));
        }

        return map.ToFrozenDictionary();
    }
}
