using System.Globalization;
using System.Text.RegularExpressions;

namespace RoundupBot.Summarization.Llm;

/// <summary>
/// The figures a text states — "2.7 billion", "7B", "40%", "1,024", "3.5" — as values, so that the evaluator can tell a
/// number a model copied from its source ("2.7B" for "2.7 billion") from one it made up. Digits glued to letters
/// before them ("H100", "MiniLM-L6", "v2") are names, not figures, and are ignored on both sides.
/// </summary>
public static partial class NumberFacts
{
    /// <summary>One figure as written and its value (the scale word or suffix applied).</summary>
    public sealed record Figure(string Text, double Value, double Mantissa);

    /// <summary>Every figure in <paramref name="text"/>, in order.</summary>
    public static IReadOnlyList<Figure> Find(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var figures = new List<Figure>();
        foreach (Match match in FigurePattern().Matches(text))
        {
            var digits = match.Groups["int"].Value.Replace(",", "", StringComparison.Ordinal);
            if (match.Groups["frac"].Success)
            {
                digits += "." + match.Groups["frac"].Value;
            }

            if (!double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var mantissa))
            {
                continue;
            }

            var scale = match.Groups["scale"].Value.ToLowerInvariant() switch
            {
                "thousand" or "k" => 1e3,
                "million" or "m" or "mn" => 1e6,
                "billion" or "b" or "bn" => 1e9,
                "trillion" or "t" => 1e12,
                _ => 1,
            };
            figures.Add(new Figure(match.Value.Trim(), mantissa * scale, mantissa));
        }

        return figures;
    }

    /// <summary>
    /// The figures of <paramref name="claim"/> that none of <paramref name="sources"/> states. A source's "7B" supports
    /// "7 billion" and a bare "7"; a claim's "7 billion" needs a source stating that value, not just a 7.
    /// </summary>
    public static IReadOnlyList<Figure> Unsupported(string? claim, IEnumerable<string?> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var figures = Find(claim);
        if (figures.Count == 0)
        {
            return [];
        }

        var known = new List<double>();
        foreach (var source in sources)
        {
            foreach (var figure in Find(source))
            {
                known.Add(figure.Value);
                known.Add(figure.Mantissa);
            }
        }

        return figures.Where(f => !known.Any(k => Same(k, f.Value))).ToList();
    }

    private static bool Same(double a, double b) => Math.Abs(a - b) <= 1e-9 * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));

    [GeneratedRegex(
        @"(?<![\p{L}\p{N}_.,])(?<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?<frac>\d+))?(?:\s*(?:%|percent\b|per\s+cent\b))?(?:[\s\-]*(?<scale>thousand|million|billion|trillion)\b|(?<scale>bn|mn|[KkMBTb])\b)?",
        RegexOptions.CultureInvariant)]
    private static partial Regex FigurePattern();
}
