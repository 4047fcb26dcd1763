using System.Text.Json;

namespace RoundupBot.Summarization.Llm;

/// <summary>
/// Turns a model's answer into one JSON object, or says why not. Accepted: the object alone, or wrapped in one Markdown
/// code fence (<c>```json … ```</c>), after an optional leading <c>&lt;think&gt;…&lt;/think&gt;</c> block that
/// reasoning models emit. Rejected: prose before or after the JSON, several objects, comments, trailing commas,
/// duplicate keys — anything where guessing which part is the answer could pick the wrong one.
/// </summary>
public static class AnswerParser
{
    private static readonly JsonDocumentOptions Strict = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        AllowDuplicateProperties = false,
        MaxDepth = 16,
    };

    /// <summary>Parses <paramref name="answer"/>; on failure returns null and sets <paramref name="finding"/>.</summary>
    /// <returns>The document (the caller disposes it), whose root is an object.</returns>
    public static JsonDocument? Parse(string? answer, out Finding? finding)
    {
        finding = null;
        var text = (answer ?? "").Trim();
        if (text.StartsWith("<think>", StringComparison.Ordinal))
        {
            var end = text.IndexOf("</think>", StringComparison.Ordinal);
            text = end < 0 ? "" : text[(end + "</think>".Length)..].Trim();
        }

        if (text.StartsWith("```", StringComparison.Ordinal))
        {
            var firstLineEnd = text.IndexOf('\n', StringComparison.Ordinal);
            var language = firstLineEnd < 0 ? "" : text[3..firstLineEnd].Trim();
            if (firstLineEnd < 0 || !text.EndsWith("```", StringComparison.Ordinal) || text.Length < firstLineEnd + 4
                || (language.Length > 0 && !language.Equals("json", StringComparison.OrdinalIgnoreCase)))
            {
                finding = new Finding(FindingKind.InvalidJson, "The answer opens a code fence but is not exactly one ```json block; answer with the JSON object only.");
                return null;
            }

            text = text[(firstLineEnd + 1)..^3].Trim();
        }

        if (text.Length == 0)
        {
            finding = new Finding(FindingKind.InvalidJson, "The answer is empty; answer with the JSON object only.");
            return null;
        }

        if (text[0] != '{' || text[^1] != '}')
        {
            finding = new Finding(FindingKind.InvalidJson, "The answer is not a JSON object (it has text before or after it, or is prose); answer with the JSON object only.");
            return null;
        }

        try
        {
            return JsonDocument.Parse(text, Strict);
        }
        catch (JsonException ex)
        {
            finding = new Finding(FindingKind.InvalidJson, $"The answer is not valid JSON ({FirstSentence(ex.Message)}); answer with one JSON object only.");
            return null;
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.');
    }
}
