namespace RoundupBot.Summarization.Llm;

/// <summary>One thing the evaluator found in an answer.</summary>
/// <param name="Kind">What rule it breaks; the run report counts findings by kind.</param>
/// <param name="Message">Says what and where, for the retry prompt and the log: it may quote the model's own text, never the API key.</param>
/// <param name="Rejects">False for findings that are noted but harmless (<see cref="FindingKind.ExtraKey"/>).</param>
public sealed record Finding(FindingKind Kind, string Message, bool Rejects = true)
{
    /// <summary>The kind as the report writes it: <c>inventedNumber</c>.</summary>
    public string KindName => KindNameOf(Kind);

    public static string KindNameOf(FindingKind kind)
    {
        var name = kind.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }
}
