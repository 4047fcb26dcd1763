using System.Text.Json;
using RoundupBot.Summarization.Embedded;

namespace RoundupBot.Tests.Summarization.Embedded;

/// <summary>The labelled evaluation set in TestData/Evaluation, grouped by label.</summary>
internal static class EvaluationSet
{
    public static readonly string[] Labels =
        ["llm-reasoning", "computer-vision", "robotics", "biology-medicine", "quantum-computing", "climate-earth"];

    private static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = true };

    private static readonly Lazy<List<LabelledItem>> LazyItems = new(Load);

    public static IReadOnlyList<LabelledItem> Items => LazyItems.Value;

    /// <summary>One section per label, in <see cref="Labels"/> order, items in file order.</summary>
    public static IReadOnlyList<IReadOnlyList<SectionItem>> SectionsByLabel() =>
        Labels.Select(label => (IReadOnlyList<SectionItem>)Items
                .Where(i => i.Label == label)
                .Select(i => new SectionItem(i.Id, i.Title, i.Summary))
                .ToList())
            .ToList();

    private static List<LabelledItem> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "Evaluation", "labelled-items.json");
        return JsonSerializer.Deserialize<List<LabelledItem>>(File.ReadAllText(path), Options)
            ?? throw new InvalidOperationException($"{path} is empty.");
    }
}
