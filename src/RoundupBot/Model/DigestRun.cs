namespace RoundupBot.Model;

/// <summary>How a digest was made: which engine, how many items at each stage, and how long each stage took.</summary>
public sealed record DigestRun
{
    /// <summary><c>embedded</c> or <c>llm</c>.</summary>
    public required string Engine { get; init; }
    /// <summary>Items in the window.</summary>
    public int WindowItems { get; init; }
    /// <summary>Items considered for sections after ranking (the pool that is clustered).</summary>
    public int PoolItems { get; init; }
    /// <summary>Vectors computed in this run (the rest came from the store).</summary>
    public int Embedded { get; init; }
    public int EmbeddingsReused { get; init; }
    public double SelectSeconds { get; init; }
    public double EmbedSeconds { get; init; }
    public double ClusterSeconds { get; init; }
    public double SummarizeSeconds { get; init; }
    /// <summary>The LLM engine's calls, tokens, cache hits, retries, fallbacks and findings; null for the embedded engine.</summary>
    public LlmRunReport? Llm { get; init; }
    /// <summary>Window items left out as revisions or old news that nothing this week discusses.</summary>
    public int Revisions { get; init; }
    /// <summary>Window items left out as far from <c>Roundup:Focus</c>.</summary>
    public int OffFocus { get; init; }
    /// <summary>Items shown inside another's story (as its related coverage) rather than on their own.</summary>
    public int Merged { get; init; }
    /// <summary>Why each shown item was picked, in the order the issue shows them; null in digests built before it was recorded.</summary>
    public IReadOnlyList<Pick>? Picks { get; init; }
}
