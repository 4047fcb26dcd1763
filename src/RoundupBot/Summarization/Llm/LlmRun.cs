using RoundupBot.Model;

namespace RoundupBot.Summarization.Llm;

/// <summary>The counters of one build, turned into the <see cref="LlmRunReport"/> at the end. One build, one thread.</summary>
internal sealed class LlmRun
{
    private readonly Dictionary<string, int> _findings = new(StringComparer.Ordinal);
    private readonly List<LlmFallback> _fallbacks = [];

    public int Calls { get; set; }
    public int GistCalls { get; set; }
    public long InputTokens { get; set; }
    public long OutputTokens { get; set; }
    public int CacheHits { get; set; }
    public int GistsWritten { get; set; }
    public int GistFallbacks { get; set; }
    public int Retries { get; set; }
    public int FailedCalls { get; set; }

    /// <summary>Why the model is not called any more in this build (a call failed after its retries), or null.</summary>
    public string? ModelDown { get; set; }

    public void Record(IEnumerable<Finding> findings)
    {
        foreach (var finding in findings)
        {
            _findings[finding.KindName] = _findings.GetValueOrDefault(finding.KindName) + 1;
        }
    }

    public void FallBack(string part, string reason) => _fallbacks.Add(new LlmFallback(part, reason));

    public LlmRunReport ToReport(string provider, string model, int httpRetries) => new()
    {
        Provider = provider,
        Model = model,
        PromptVersion = LlmPrompts.Version,
        Calls = Calls,
        GistCalls = GistCalls,
        InputTokens = InputTokens,
        OutputTokens = OutputTokens,
        CacheHits = CacheHits,
        GistsWritten = GistsWritten,
        GistFallbacks = GistFallbacks,
        Retries = Retries,
        HttpRetries = httpRetries,
        FailedCalls = FailedCalls,
        Fallbacks = [.. _fallbacks],
        Findings = new SortedDictionary<string, int>(_findings, StringComparer.Ordinal),
    };
}
