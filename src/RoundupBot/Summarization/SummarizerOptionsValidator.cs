using Microsoft.Extensions.Options;
using RoundupBot.Configuration;

namespace RoundupBot.Summarization;

internal sealed class SummarizerOptionsValidator : IValidateOptions<SummarizerOptions>
{
    public ValidateOptionsResult Validate(string? name, SummarizerOptions options)
    {
        var errors = new OptionsErrors();
        var engine = options.Engine?.Trim().ToLowerInvariant();
        if (engine is not ("embedded" or "llm"))
        {
            errors.Add($"Summarizer:Engine must be 'embedded' or 'llm'; got '{options.Engine}'.");
        }

        var llm = options.Llm;
        var provider = llm.Provider?.Trim().ToLowerInvariant();
        if (provider is not ("openai" or "ollama"))
        {
            errors.Add($"Summarizer:Llm:Provider must be 'openai' or 'ollama'; got '{llm.Provider}'.");
        }

        errors.HttpUrl("Summarizer:Llm:Endpoint", llm.Endpoint, required: engine == "llm");
        if (engine == "llm" && string.IsNullOrWhiteSpace(llm.Model))
        {
            errors.Add("Summarizer:Llm:Model is required when Summarizer:Engine is 'llm' (for example 'gpt-4o-mini' or 'llama3.1').");
        }

        // OpenAI's own API refuses every request without a key; say so at start-up rather than after the first call.
        if (engine == "llm" && provider == "openai" && string.IsNullOrWhiteSpace(llm.ApiKey)
            && Uri.TryCreate(llm.Endpoint, UriKind.Absolute, out var endpoint) && endpoint.Host.Equals("api.openai.com", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add("Summarizer:Llm:ApiKey is required for api.openai.com; set the environment variable ROUNDUP__Summarizer__Llm__ApiKey.");
        }

        errors.Range("Summarizer:Llm:MaxInputTokens", llm.MaxInputTokens, 1_000, 1_000_000);
        errors.Range("Summarizer:Llm:MaxOutputTokens", llm.MaxOutputTokens, 256, 200_000);
        errors.Range("Summarizer:Llm:Timeout", llm.Timeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(30));
        errors.Range("Summarizer:Llm:RetryBudget", llm.RetryBudget, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));
        errors.Range("Summarizer:Llm:RetryDelay", llm.RetryDelay, TimeSpan.Zero, TimeSpan.FromMinutes(5));
        errors.Range("Summarizer:Llm:MaxRetries", llm.MaxRetries, 0, 10);
        errors.Range("Summarizer:Llm:Temperature", llm.Temperature, 0, 2);
        return errors.ToResult();
    }
}
