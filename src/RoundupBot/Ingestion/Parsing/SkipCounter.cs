using RoundupBot.Model;

namespace RoundupBot.Ingestion.Parsing;

/// <summary>Counts the entries a parse skips, by reason, in the order the reasons first occur.</summary>
internal sealed class SkipCounter
{
    private readonly List<(string Reason, int Count)> _counts = [];

    public void Add(string reason)
    {
        var index = _counts.FindIndex(c => c.Reason == reason);
        if (index < 0)
        {
            _counts.Add((reason, 1));
        }
        else
        {
            _counts[index] = (reason, _counts[index].Count + 1);
        }
    }

    public IReadOnlyList<SkippedEntries> ToList() => [.. _counts.Select(c => new SkippedEntries(c.Count, c.Reason))];
}
