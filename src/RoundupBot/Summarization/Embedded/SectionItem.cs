using RoundupBot.Model;
using RoundupBot.Text;

namespace RoundupBot.Summarization.Embedded;

/// <summary>
/// The text of one item as the embedded engine sees it: its store id, title and plain-text summary.
/// </summary>
/// <param name="Id">The item's id; every sentence taken from this item carries it.</param>
/// <param name="Title">The item's title; used as its only sentence when the summary is empty.</param>
/// <param name="Summary">Plain text (no HTML); may be empty.</param>
public sealed record SectionItem(long Id, string Title, string Summary)
{
    /// <summary>The name of the source that carried it ("Google DeepMind Blog", "arXiv cs.CL"); null when unknown.</summary>
    public string? Source { get; init; }

    /// <summary>The item's link; an arXiv link marks a paper.</summary>
    public string? Link { get; init; }

    /// <summary>
    /// The id, title, summary and link of a stored item, its LaTeX turned into Unicode (items stored before ingestion did
    /// that come out clean too).
    /// </summary>
    /// <param name="item">The stored item.</param>
    /// <param name="source">The name of the source that carried it, if known.</param>
    /// <exception cref="ArgumentNullException"><paramref name="item"/> is null.</exception>
    public static SectionItem FromItem(Item item, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new SectionItem(item.Id, LatexText.ToUnicode(item.Title), LatexText.ToUnicode(item.Summary))
        {
            Source = source,
            Link = item.Link,
        };
    }

    /// <summary>Converts clusters of stored items, keeping the order of sections and items.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="sections"/> or one of its lists is null.</exception>
    public static IReadOnlyList<IReadOnlyList<SectionItem>> FromSections(IReadOnlyList<IReadOnlyList<Item>> sections)
    {
        ArgumentNullException.ThrowIfNull(sections);
        var result = new List<IReadOnlyList<SectionItem>>(sections.Count);
        foreach (var section in sections)
        {
            ArgumentNullException.ThrowIfNull(section, nameof(sections));
            result.Add(section.Select(i => FromItem(i)).ToList());
        }

        return result;
    }

    /// <summary>Title and summary as one text, for counting words.</summary>
    internal string FullText => string.IsNullOrWhiteSpace(Summary) ? Title ?? "" : (Title ?? "") + ". " + Summary;
}
