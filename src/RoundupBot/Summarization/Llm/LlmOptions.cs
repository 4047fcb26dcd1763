namespace RoundupBot.Summarization.Llm;

/// <summary>The language model used when <c>Summarizer:Engine</c> is <c>llm</c> (the <c>Summarizer:Llm</c> section).</summary>
public sealed class LlmOptions
{
    /// <summary><c>openai</c> (any OpenAI-compatible endpoint) or <c>ollama</c>. <value>Default openai.</value></summary>
    public string Provider { get; set; } = "openai";

    /// <summary>
    /// The API's base URL: for <c>openai</c> the part before <c>/chat/completions</c> (<c>https://api.openai.com/v1</c>,
    /// <c>http://localhost:8000/v1</c> for vLLM); for <c>ollama</c> the server root (<c>http://localhost:11434</c>).
    /// Required when the engine is <c>llm</c>.
    /// </summary>
    public string? Endpoint { get; set; }

    /// <summary>The model (or Azure deployment) name. Required when the engine is <c>llm</c>.</summary>
    public string? Model { get; set; }

    /// <summary>A secret: give it through ROUNDUP__Summarizer__Llm__ApiKey, never in the file. Local servers need none.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// The most prompt tokens (counted with o200k) one call may carry; larger sections are split (map-reduce), never cut.
    /// <value>Default 8,000.</value>
    /// </summary>
    public int MaxInputTokens { get; set; } = 8_000;

    /// <summary>
    /// The most tokens one answer may have; also caps a gist call at one item per 64 of them.
    /// <value>Default 4,096 (64 gists per call).</value>
    /// </summary>
    public int MaxOutputTokens { get; set; } = 4_096;

    /// <summary>How long one HTTP attempt may take before it is abandoned and retried. <value>Default 90 seconds.</value></summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>
    /// How long one call may take with all its retries (timeouts, 429 with Retry-After, 5xx, exponential backoff) before
    /// the part falls back to the embedded engine. <value>Default 3 minutes.</value>
    /// </summary>
    public TimeSpan RetryBudget { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>The first backoff delay; doubled on each retry unless the server sent Retry-After. <value>Default 2 seconds.</value></summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Transport retries per call at most. <value>Default 4.</value></summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>
    /// Asks for JSON mode (<c>response_format: json_object</c>, Ollama's <c>format: json</c>). Turn off for servers that
    /// refuse it (some LM Studio versions); answers are parsed and evaluated strictly either way. <value>Default true.</value>
    /// </summary>
    public bool JsonMode { get; set; } = true;

    /// <summary>Sampling temperature. <value>Default 0.2: the roundup wants faithful, not creative.</value></summary>
    public double Temperature { get; set; } = 0.2;
}
