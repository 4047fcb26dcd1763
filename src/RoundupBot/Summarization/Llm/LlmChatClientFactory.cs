using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OllamaSharp;
using OpenAI;

namespace RoundupBot.Summarization.Llm;

/// <summary>
/// The one place that turns <c>Summarizer:Llm</c> into an <see cref="IChatClient"/>: <c>openai</c> is OpenAI's client
/// (through Microsoft.Extensions.AI.OpenAI) pointed at <see cref="LlmOptions.Endpoint"/>, which covers OpenAI, Azure
/// OpenAI's v1 API, vLLM, llama.cpp's server and LM Studio; <c>ollama</c> is OllamaSharp on Ollama's own API. Both send
/// through the <see cref="HttpClientName"/> client, whose one resilience handler owns timeouts and retries, so the
/// SDKs' own retries are off.
/// </summary>
public sealed class LlmChatClientFactory(IHttpClientFactory httpClients, IOptions<SummarizerOptions> options)
{
    /// <summary>The named HTTP client (and resilience pipeline) every LLM request goes through.</summary>
    public const string HttpClientName = "llm";

    /// <summary>A client for one build; dispose it after. Reads the options now, so a changed configuration applies next build.</summary>
    /// <exception cref="InvalidOperationException">The endpoint or the model is missing (the options validator reports that at start-up).</exception>
    public IChatClient Create()
    {
        var llm = options.Value.Llm;
        if (!Uri.TryCreate(llm.Endpoint, UriKind.Absolute, out var endpoint) || string.IsNullOrWhiteSpace(llm.Model))
        {
            throw new InvalidOperationException("Summarizer:Llm:Endpoint and Summarizer:Llm:Model must be set to use the llm engine.");
        }

        var http = httpClients.CreateClient(HttpClientName);
        if (IsOllama(llm))
        {
            http.BaseAddress = endpoint;
            return new OllamaApiClient(http, llm.Model);
        }

        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = endpoint,
            Transport = new HttpClientPipelineTransport(http),
            // The HTTP client's resilience handler retries (with Retry-After and a time bound); two layers would multiply.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            // Per-attempt timeouts belong to the resilience handler too; this only stops the SDK cutting a call short.
            NetworkTimeout = llm.RetryBudget + TimeSpan.FromSeconds(30),
        };
        // Local servers take any key, but the SDK needs one; it is only ever sent in the Authorization header.
        var key = string.IsNullOrWhiteSpace(llm.ApiKey) ? "no-key" : llm.ApiKey;
        return new OpenAIClient(new ApiKeyCredential(key), clientOptions).GetChatClient(llm.Model).AsIChatClient();
    }

    internal static bool IsOllama(LlmOptions llm) => string.Equals(llm.Provider?.Trim(), "ollama", StringComparison.OrdinalIgnoreCase);
}
