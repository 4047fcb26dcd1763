using RoundupBot.Model;

namespace RoundupBot.Summarization.Embedded;

/// <summary>
/// The text of one item as the embedded engine sees it: its store id, title and plain-text summary.
/// </summary>
/// <param name="Id">The item's id; every sentence taken from this item carries it.</param>
/// <param name="Title">The item's title; used as its only sentence when the summary is empty.</param>
/// <param name="Summary">Plain text (no HTML); may be empty.</param>
public sealed record SectionItem(long Id, string Title, string Summary)
{
    /// <summary>The id, title and summary of a stored item.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="item"/> is null.</exception>
    public static SectionItem FromItem(Item item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new SectionItem(item.Id, item.Title ?? "", item.Summary ?? "");
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
            result.Add(section.Select(FromItem).ToList());
        }

        return result;
    }

    /// <summary>Title and summary as one text, for counting words.</summary>
    internal string FullText => string.IsNullOrWhiteSpace(Summary) ? Title ?? "" : (Title ?? "") + ". " + Summary;
}
