using RoundupBot.Model;

namespace RoundupBot.Pipeline;

/// <summary>The result of one fetch run over the due sources.</summary>
public sealed record FetchReport(IReadOnlyList<SourceFetchOutcome> Outcomes, TimeSpan Elapsed)
{
    public int Sources => Outcomes.Count;
    public int Failed => Outcomes.Count(o => !o.Succeeded);
    public int NotModified => Outcomes.Count(o => o.NotModified);
    public int Entries => Outcomes.Sum(o => o.Entries);
    public UpsertCounts Items => Outcomes.Aggregate(default(UpsertCounts), (sum, o) => sum + o.Items);
}
