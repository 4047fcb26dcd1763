namespace RoundupBot.Tests.Summarization.Embedded;

public class EvaluationSetTests
{
    [Fact]
    public void Holds_fifty_items_in_each_of_six_labels()
    {
        var counts = EvaluationSet.Items.GroupBy(i => i.Label).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(EvaluationSet.Labels.Order(StringComparer.Ordinal), counts.Keys.Order(StringComparer.Ordinal));
        Assert.All(counts.Values, count => Assert.Equal(50, count));
    }

    [Fact]
    public void Has_unique_ids_and_titles_and_no_empty_text()
    {
        var items = EvaluationSet.Items;

        Assert.Equal(items.Count, items.Select(i => i.Id).Distinct().Count());
        Assert.Equal(items.Count, items.Select(i => i.Title).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(items, i => Assert.False(string.IsNullOrWhiteSpace(i.Title)));
        Assert.All(items, i => Assert.False(string.IsNullOrWhiteSpace(i.Summary)));
    }
}
