using System.Globalization;
using System.Text;

namespace RoundupBot.Ingestion.Normalization;

/// <summary>
/// Folds a title for near-duplicate comparison: compatibility-decomposed (NFKD), diacritics stripped, lower-cased,
/// quotes and apostrophes removed, other punctuation and symbols turned into spaces, whitespace collapsed.
/// A trailing "| Site name" is deliberately kept: stripping it would merge different posts of one site.
/// </summary>
public static class TitleKey
{
    /// <summary>Folded titles with fewer words than this are too generic to merge on ("Weekly update").</summary>
    public const int MinimumWords = 4;

    /// <summary>Folded titles shorter than this many characters are too generic to merge on.</summary>
    public const int MinimumLength = 20;

    /// <summary>The folded title, or null when it is shorter than <see cref="MinimumWords"/> words or <see cref="MinimumLength"/> characters.</summary>
    public static string? Fold(string? title)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            return null;
        }

        var decomposed = title.Normalize(NormalizationForm.FormKD);
        var builder = new StringBuilder(decomposed.Length);
        var words = 0;
        var pendingSpace = false;
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
                || IsQuote(c))
            {
                // Removed without a space so that "don't" and "dont" fold alike.
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                if (pendingSpace || builder.Length == 0)
                {
                    if (builder.Length > 0)
                    {
                        builder.Append(' ');
                    }

                    words++;
                    pendingSpace = false;
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                pendingSpace = true;
            }
        }

        return words < MinimumWords || builder.Length < MinimumLength ? null : builder.ToString();
    }

    private static bool IsQuote(char c) =>
        c is '\'' or '"' or '`' or '\u00B4' or '\u2018' or '\u2019' or '\u201A' or '\u201B' or '\u201C' or '\u201D'
            or '\u201E' or '\u201F' or '\u2032' or '\u2033' or '\u02BC' or '\u00AB' or '\u00BB' or '\u2039' or '\u203A';
}
