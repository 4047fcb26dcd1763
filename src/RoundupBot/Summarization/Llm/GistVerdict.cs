namespace RoundupBot.Summarization.Llm;

/// <summary>The evaluator's verdict on a gist answer: gists are judged one by one, so one bad gist costs only itself.</summary>
/// <param name="Accepted">Gists that passed, by item id.</param>
/// <param name="Rejected">Items of the batch without an acceptable gist.</param>
/// <param name="Findings">Everything found, rejecting or not.</param>
public sealed record GistVerdict(IReadOnlyDictionary<long, string> Accepted, IReadOnlyList<long> Rejected, IReadOnlyList<Finding> Findings);
