using System.Globalization;
using RoundupBot.Model;
using RoundupBot.Summarization.Selection;

namespace RoundupBot.Summarization.Embedded;

/// <summary>
/// The offline engine: writes each section's title (class-based TF-IDF keyphrases), its one emoji (never twice in an
/// issue), two to four extractive sentences each citing its item, the one-line descriptions of the other reads, and the
/// intro. No network, deterministic. Thread-safe.
/// </summary>
public sealed class EmbeddedSummarizer
{
    public const string EngineName = "embedded";

    private readonly SectionTitler _titler = new();
    private readonly EmojiPicker _emoji = new();
    private readonly ExtractiveSummarizer _summarizer = new();

    /// <param name="sections">Each section's items, best first.</param>
    /// <param name="otherReads">The closing list, best first.</param>
    /// <param name="context">What the intro tells: the issue number, the period and how much was read.</param>
    public (IReadOnlyList<Section> Sections, IReadOnlyList<DigestItem> OtherReads, string Intro) Write(
        IReadOnlyList<IReadOnlyList<RankedItem>> sections, IReadOnlyList<RankedItem> otherReads, IntroContext context)
    {
        ArgumentNullException.ThrowIfNull(sections);
        ArgumentNullException.ThrowIfNull(otherReads);
        ArgumentNullException.ThrowIfNull(context);
        var drafts = sections.Select(s => (IReadOnlyList<SectionItem>)s.Select(r => SectionItem.FromItem(r.Item)).ToList()).ToList();
        var titles = _titler.Title(drafts);
        var emojis = _emoji.Pick(drafts, titles);
        var written = new List<Section>(sections.Count);
        for (var i = 0; i < sections.Count; i++)
        {
            written.Add(new Section
            {
                Emoji = emojis[i],
                Title = titles[i].Title,
                Items = sections[i].Select(r => ToDigestItem(r, description: null)).ToList(),
                Sentences = _summarizer.Summarize(drafts[i]).Select(s => new Sentence(s.Text, [s.ItemId])).ToList(),
            });
        }

        var reads = otherReads.Select(r => ToDigestItem(r, _summarizer.Describe(r.Item))).ToList();
        return (written, reads, Intro(context, written));
    }

    private static DigestItem ToDigestItem(RankedItem ranked, string? description) => new()
    {
        Id = ranked.Item.Id,
        Title = ranked.Item.Title,
        Link = ranked.Item.Link,
        Source = ranked.SourceName,
        Description = string.IsNullOrWhiteSpace(description) ? null : description,
    };

    private static string Intro(IntroContext context, List<Section> sections)
    {
        var culture = CultureInfo.InvariantCulture;
        var themes = sections.Count == 1 ? "one theme" : $"{sections.Count.ToString(culture)} themes";
        return string.Create(culture,
            $"Welcome to issue #{context.Number}. This week RoundupBot read {context.WindowItems:N0} new papers, posts and articles from {context.Sources:N0} sources; here are the {themes} that stood out, each with links to the sources, and a few more reads at the end.");
    }
}
