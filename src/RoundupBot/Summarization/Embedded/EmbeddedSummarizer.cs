using System.Globalization;
using RoundupBot.Model;
using RoundupBot.Summarization.Selection;
using RoundupBot.Text;

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
        var drafts = sections.Select(s => (IReadOnlyList<SectionItem>)s.Select(r => SectionItem.FromItem(r.Item, r.SourceName)).ToList()).ToList();
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
                Sentences = _summarizer.Summarize(drafts[i], titles[i]).Select(ToSentence).ToList(),
            });
        }

        var reads = otherReads.Select(r => ToDigestItem(r, _summarizer.Describe(r.Item))).ToList();
        return (written, reads, Intro(context, written, drafts));
    }

    /// <summary>A framing line names nothing and needs no citation; an item's sentence links the words that name it.</summary>
    private static Sentence ToSentence(SummarySentence sentence) => new(sentence.Text, sentence.Cited)
    {
        Names = sentence.Frames ? [] : sentence.Name is null ? null : [new SentenceName(sentence.Name, sentence.ItemId)],
    };

    private static DigestItem ToDigestItem(RankedItem ranked, string? description) => new()
    {
        Id = ranked.Item.Id,
        Title = LatexText.ToUnicode(ranked.Item.Title),
        Link = ranked.Item.Link,
        Source = ranked.SourceName,
        Description = string.IsNullOrWhiteSpace(description) ? null : description,
    };

    /// <summary>
    /// The seed's first line: the issue's themes in reading order ("Small language models, dark matter halos and LLM
    /// agents."), then what was read, in counts with their grammar ("from 1 source", "1,504 papers, posts and articles").
    /// </summary>
    internal static string Intro(IntroContext context, IReadOnlyList<Section> sections, IReadOnlyList<IReadOnlyList<SectionItem>> items)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(sections);
        ArgumentNullException.ThrowIfNull(items);
        var culture = CultureInfo.InvariantCulture;
        var themes = sections.Select((s, i) => i == 0 ? s.Title : ExtractiveSummarizer.InSentence(s.Title, items[i])).ToList();
        var line = themes.Count switch
        {
            0 => "",
            1 => themes[0] + ".",
            // Titles that hold an "and" of their own need semicolons, or the list's last "and" is lost among them.
            _ when themes.Any(t => t.Contains(" and ", StringComparison.Ordinal)) => string.Join("; ", themes.Take(themes.Count - 1)) + "; and " + themes[^1] + ".",
            _ => string.Join(", ", themes.Take(themes.Count - 1)) + " and " + themes[^1] + ".",
        };
        var read = context.WindowItems == 1 ? "1 paper, post or article" : string.Create(culture, $"{context.WindowItems:N0} papers, posts and articles");
        var sources = context.Sources == 1 ? "1 source" : string.Create(culture, $"{context.Sources:N0} sources");
        var counts = $"RoundupBot read {read} from {sources} this week; here is what stood out, with a few more reads at the end.";
        return line.Length == 0 ? counts : line + " " + counts;
    }
}
