using System.Text.RegularExpressions;

namespace RoundupBot.Summarization.Llm;

/// <summary>
/// Feed text made fit for a prompt: links and domain names removed (the model must never see a URL, so it cannot copy
/// one), whitespace collapsed.
/// </summary>
public static partial class PromptText
{
    /// <summary><paramref name="text"/> without URLs, e-mail addresses or domain names, on one line.</summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var cleaned = TextRules.LinkPattern().Replace(text, " ");
        cleaned = Whitespace().Replace(cleaned, " ").Trim();
        // Removing "(see https://…)" leaves "( )" or "()" behind.
        return EmptyBrackets().Replace(cleaned, "").Replace("  ", " ", StringComparison.Ordinal).Trim();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\s?[\(\[\{<]\s*[\)\]\}>]")]
    private static partial Regex EmptyBrackets();
}
