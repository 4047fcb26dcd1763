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

        var provider = options.Llm.Provider?.Trim().ToLowerInvariant();
        if (provider is not ("openai" or "ollama"))
        {
            errors.Add($"Summarizer:Llm:Provider must be 'openai' or 'ollama'; got '{options.Llm.Provider}'.");
        }

        errors.HttpUrl("Summarizer:Llm:Endpoint", options.Llm.Endpoint, required: engine == "llm");
        if (engine == "llm" && string.IsNullOrWhiteSpace(options.Llm.Model))
        {
            errors.Add("Summarizer:Llm:Model is required when Summarizer:Engine is 'llm' (for example 'gpt-4o-mini' or 'llama3.1').");
        }

        return errors.ToResult();
    }
}
