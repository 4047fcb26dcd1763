namespace RoundupBot.Cli.Tests;

public sealed class EngineOptionTests
{
    [Fact]
    public async Task Engine_llm_without_a_model_is_a_configuration_error_naming_the_keys()
    {
        using var cli = CliRun.WithSources();

        var result = await cli.RunAsync("digest", "build", "--engine", "llm");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Summarizer:Llm:Endpoint is required", result.Error);
        Assert.Contains("Summarizer:Llm:Model is required when Summarizer:Engine is 'llm'", result.Error);
    }

    [Fact]
    public async Task An_unknown_engine_is_bad_usage()
    {
        using var cli = CliRun.WithSources();

        var result = await cli.RunAsync("run", "--dry-run", "--engine", "gpt");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("gpt", result.Error);
    }

    [Fact]
    public async Task Engine_embedded_overrides_an_llm_configuration()
    {
        using var cli = new CliRun("""{ "Sources": [], "Summarizer": { "Engine": "llm" } }""");

        var result = await cli.RunAsync("digest", "build", "--engine", "embedded");

        // No LLM keys are needed for the embedded engine: the build gets as far as the empty window.
        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain("Summarizer", result.Error);
        Assert.Contains("Only 0 items since", result.Error);
    }
}
