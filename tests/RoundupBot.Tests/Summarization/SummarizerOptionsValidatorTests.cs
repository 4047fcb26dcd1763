using RoundupBot.Summarization;

namespace RoundupBot.Tests.Summarization;

public sealed class SummarizerOptionsValidatorTests
{
    private readonly SummarizerOptionsValidator _validator = new();

    [Fact]
    public void The_default_embedded_engine_needs_no_model()
    {
        Assert.True(_validator.Validate(null, new SummarizerOptions()).Succeeded);
    }

    [Fact]
    public void The_llm_engine_needs_an_endpoint_and_a_model()
    {
        var result = _validator.Validate(null, new SummarizerOptions { Engine = "llm" });

        Assert.Contains("Summarizer:Llm:Endpoint is required: an absolute http or https URL.", result.Failures!);
        Assert.Contains(result.Failures!, f => f.StartsWith("Summarizer:Llm:Model is required when Summarizer:Engine is 'llm'", StringComparison.Ordinal));
    }

    [Fact]
    public void OpenAIs_own_API_needs_a_key_given_through_the_environment()
    {
        var options = new SummarizerOptions { Engine = "llm", Llm = { Endpoint = "https://api.openai.com/v1", Model = "gpt-4o-mini" } };

        var failure = Assert.Single(_validator.Validate(null, options).Failures!);

        Assert.Equal("Summarizer:Llm:ApiKey is required for api.openai.com; set the environment variable ROUNDUP__Summarizer__Llm__ApiKey.", failure);
    }

    [Fact]
    public void A_local_server_needs_no_key()
    {
        var options = new SummarizerOptions { Engine = "llm", Llm = { Provider = "ollama", Endpoint = "http://localhost:11434", Model = "llama3.1" } };

        Assert.True(_validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void Every_bad_value_is_named_with_its_rule()
    {
        var options = new SummarizerOptions
        {
            Engine = "gpt",
            Llm = { Provider = "anthropic", Endpoint = "localhost:8000", MaxInputTokens = 10, Timeout = TimeSpan.Zero, MaxRetries = 50, Temperature = 3 },
        };

        var failures = _validator.Validate(null, options).Failures!;

        Assert.Contains("Summarizer:Engine must be 'embedded' or 'llm'; got 'gpt'.", failures);
        Assert.Contains("Summarizer:Llm:Provider must be 'openai' or 'ollama'; got 'anthropic'.", failures);
        Assert.Contains("Summarizer:Llm:Endpoint must be an absolute http or https URL; got 'localhost:8000'.", failures);
        Assert.Contains("Summarizer:Llm:MaxInputTokens must be between 1000 and 1000000; got 10.", failures);
        Assert.Contains("Summarizer:Llm:Timeout must be between 00:00:00.1000000 and 00:30:00; got 00:00:00.", failures);
        Assert.Contains("Summarizer:Llm:MaxRetries must be between 0 and 10; got 50.", failures);
        Assert.Contains("Summarizer:Llm:Temperature must be between 0 and 2; got 3.", failures);
    }
}
