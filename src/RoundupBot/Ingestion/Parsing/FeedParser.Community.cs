using System.Globalization;
using System.Text.Json;
using RoundupBot.Model;

namespace RoundupBot.Ingestion.Parsing;

public sealed partial class FeedParser
{
    /// <summary>
    /// Entries one community answer may hold: Hacker News' search returns at most 1,000 hits a page and Hugging Face a
    /// day's few dozen papers, so more is not an answer of theirs (and would flood the store).
    /// </summary>
    public const int MaxCommunityEntries = 1_000;

    /// <summary>Reads a JSON answer, or fails saying what came instead (an HTML error page, a feed, text).</summary>
    private static JsonDocument ReadCommunityJson(string text, DocumentFormat format, string expected, ParseBudget budget)
    {
        var url = budget.Url;
        if (format is not (DocumentFormat.Json or DocumentFormat.OtherJson) && !text.AsSpan().TrimStart().StartsWith("["))
        {
            var found = format switch
            {
                DocumentFormat.Html => "an HTML page (an error or login page?)",
                DocumentFormat.XmlFeed or DocumentFormat.OtherXml => "an XML document",
                _ => $"text that is not JSON (it starts with \"{Excerpt(text, FirstNonWhitespace(text))}\")",
            };
            throw Fail(url, $"expected {expected} but got {found}");
        }

        try
        {
            // JsonDocument refuses nesting past its default depth of 64 (far more than either API answers), as malformed.
            budget.Check();
            return JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            throw Fail(url, $"expected {expected} but the JSON is malformed ({ex.Message})", ex);
        }
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A count (upvotes, points, comments): missing or null is 0; anything else must be a whole number from 0 to <see cref="CommunitySignal.MaxCount"/>.</summary>
    private static long Count(JsonElement element, string name, Uri url, string at)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return 0;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var count) && count is >= 0 and <= CommunitySignal.MaxCount)
        {
            return count;
        }

        var shown = value.ValueKind == JsonValueKind.String ? $"\"{Shorten(value.GetString() ?? "")}\"" : Shorten(value.GetRawText());
        throw Fail(url, string.Create(CultureInfo.InvariantCulture,
            $"{at} has {name} {shown}; expected a whole number from 0 to {CommunitySignal.MaxCount:N0}"));
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object when element.TryGetProperty("error", out var error) => $"an error object ({Shorten(error.ToString())})",
        JsonValueKind.Object => $"an object with keys {string.Join(", ", element.EnumerateObject().Take(5).Select(p => p.Name))}",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        _ => element.ValueKind.ToString().ToLowerInvariant(),
    };

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
