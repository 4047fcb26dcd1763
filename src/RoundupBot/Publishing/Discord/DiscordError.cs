using System.Globalization;
using System.Text.Json;

namespace RoundupBot.Publishing.Discord;

/// <summary>
/// What a Discord error body says: <c>{"code": 50035, "message": "Invalid Form Body", "errors": {"embeds": {"0":
/// {"description": {"_errors": [{"code": "BASE_TYPE_MAX_LENGTH", "message": "…"}]}}}}}</c>, or a 429's
/// <c>{"retry_after": 1.5, "global": false}</c>. Anything unreadable yields empty values, never an exception.
/// </summary>
internal sealed record DiscordError(int? Code, string? Message, IReadOnlyList<string> Paths, double? RetryAfter, bool Global)
{
    public const int UnknownWebhook = 10015;
    public const int InvalidWebhookToken = 50027;

    private static readonly DiscordError Empty = new(null, null, [], null, false);

    public static DiscordError Parse(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return Empty;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Empty;
            }

            int? code = root.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var n) ? n : null;
            var message = root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            double? retryAfter = root.TryGetProperty("retry_after", out var r) && r.ValueKind == JsonValueKind.Number ? r.GetDouble() : null;
            var global = root.TryGetProperty("global", out var g) && g.ValueKind == JsonValueKind.True;
            var paths = new List<string>();
            if (root.TryGetProperty("errors", out var errors))
            {
                CollectPaths(errors, "", paths);
            }

            return new DiscordError(code, message, paths, retryAfter, global);
        }
        catch (JsonException)
        {
            return Empty;
        }
    }

    /// <summary>Walks the <c>errors</c> tree; every <c>_errors</c> array becomes "path: CODE (message)" lines.</summary>
    private static void CollectPaths(JsonElement node, string path, List<string> paths)
    {
        if (node.ValueKind != JsonValueKind.Object || paths.Count >= 50)
        {
            return;
        }

        foreach (var property in node.EnumerateObject())
        {
            if (property.Name == "_errors" && property.Value.ValueKind == JsonValueKind.Array)
            {
                foreach (var error in property.Value.EnumerateArray())
                {
                    var code = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("code", out var c) ? c.ToString() : "";
                    var message = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var m) ? m.ToString() : "";
                    paths.Add(string.Create(CultureInfo.InvariantCulture, $"{(path.Length == 0 ? "(body)" : path)}: {code} ({message})"));
                }
            }
            else
            {
                CollectPaths(property.Value, path.Length == 0 ? property.Name : path + "." + property.Name, paths);
            }
        }
    }
}
