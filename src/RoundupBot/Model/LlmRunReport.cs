namespace RoundupBot.Model;

/// <summary>
/// What the LLM engine cost and how its answers fared in one build: the <c>run.llm</c> block of <c>digest.json</c> and
/// the lines the CLI prints. Counts cover this build only.
/// </summary>
public sealed record LlmRunReport
{
    /// <summary><c>openai</c> or <c>ollama</c>.</summary>
    public required string Provider { get; init; }
    public required string Model { get; init; }
    /// <summary>The prompts' version; gists cached under another version are not reused.</summary>
    public required string PromptVersion { get; init; }
    /// <summary>Chat requests made, the evaluator's retries included (transport retries are <see cref="HttpRetries"/>).</summary>
    public int Calls { get; init; }
    /// <summary>Calls that asked for per-item gists (the map step); zero when every gist came from the store.</summary>
    public int GistCalls { get; init; }
    /// <summary>Prompt tokens, as the server reported them (counted locally with o200k when it did not).</summary>
    public long InputTokens { get; init; }
    public long OutputTokens { get; init; }
    /// <summary>Items whose gist came from the store.</summary>
    public int CacheHits { get; init; }
    /// <summary>Gists the model wrote in this build and the store now keeps.</summary>
    public int GistsWritten { get; init; }
    /// <summary>Items whose gist the model did not deliver acceptably: their own text was used instead (never cached).</summary>
    public int GistFallbacks { get; init; }
    /// <summary>Answers the evaluator rejected and that were asked again, with its findings.</summary>
    public int Retries { get; init; }
    /// <summary>Requests sent again after a timeout, a 429 or a 5xx.</summary>
    public int HttpRetries { get; init; }
    /// <summary>Calls that failed even after their transport retries; after the first, the run stops calling the model.</summary>
    public int FailedCalls { get; init; }
    /// <summary>Each section (or the intro) printed with the embedded engine's text instead of the model's, and why.</summary>
    public IReadOnlyList<LlmFallback> Fallbacks { get; init; } = [];
    /// <summary>Every evaluator finding of the build, by kind (<c>inventedNumber</c>, <c>url</c>, …), rejected or not.</summary>
    public IReadOnlyDictionary<string, int> Findings { get; init; } = new Dictionary<string, int>();
}
