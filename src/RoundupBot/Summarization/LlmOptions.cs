namespace RoundupBot.Summarization;

/// <summary>The language model used when <c>Summarizer:Engine</c> is <c>llm</c>.</summary>
public sealed class LlmOptions
{
    /// <summary><c>openai</c> (any OpenAI-compatible endpoint) or <c>ollama</c>. <value>Default openai.</value></summary>
    public string Provider { get; set; } = "openai";
    public string? Endpoint { get; set; }
    public string? Model { get; set; }
    /// <summary>A secret: give it through ROUNDUP__Summarizer__Llm__ApiKey, never in the file.</summary>
    public string? ApiKey { get; set; }
}
