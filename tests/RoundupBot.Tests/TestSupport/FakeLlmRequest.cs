using System.Text.Json;

namespace RoundupBot.Tests.TestSupport;

/// <summary>One chat request the fake LLM received, as the model would see it.</summary>
/// <param name="Index">0-based arrival order.</param>
/// <param name="Protocol"><c>openai</c> (/v1/chat/completions) or <c>ollama</c> (/api/chat).</param>
/// <param name="Task"><c>gists</c>, <c>section</c> or <c>intro</c>, from the system prompt's "Task:" line.</param>
/// <param name="Messages">Role and text of every message, in order.</param>
/// <param name="Body">The whole request body.</param>
/// <param name="Tokens">Prompt tokens the server counted (o200k over every message).</param>
/// <param name="Seconds">When it arrived, in seconds since the server started.</param>
public sealed record FakeLlmRequest(int Index, string Protocol, string Task, IReadOnlyList<(string Role, string Content)> Messages, JsonElement Body, int Tokens, double Seconds)
{
    /// <summary>A retry carries the rejected answer as an assistant message.</summary>
    public bool IsRetry => Messages.Any(m => m.Role == "assistant");

    public string System => Messages.FirstOrDefault(m => m.Role == "system").Content ?? "";

    /// <summary>The first user message: the items or sections block.</summary>
    public string Data => Messages.FirstOrDefault(m => m.Role == "user").Content ?? "";

    /// <summary>The items of the &lt;items&gt; block, each line's JSON object.</summary>
    public IReadOnlyList<JsonElement> Items
    {
        get
        {
            var start = Data.IndexOf("<items>\n", StringComparison.Ordinal);
            var end = Data.IndexOf("</items>", StringComparison.Ordinal);
            if (start < 0 || end < 0)
            {
                return [];
            }

            return Data[(start + 8)..end].Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => JsonDocument.Parse(line[(line.IndexOf(". ", StringComparison.Ordinal) + 2)..]).RootElement)
                .ToList();
        }
    }

    public IReadOnlyList<long> ItemIds => Items.Select(i => i.GetProperty("id").GetInt64()).ToList();
}
