using System.Globalization;
using RoundupBot.Model;
using RoundupBot.Text;

namespace RoundupBot.Rendering;

/// <summary>Wording every rendering shares: the period line and the fixed headings.</summary>
public static class DigestText
{
    public const string InTodaysEdition = "In today's edition:";
    public const string OtherReadsHeading = "Other interesting things to read this week";

    /// <summary>"12 – 19 November 2026", or "28 October – 4 November 2026" across months.</summary>
    /// <summary>
    /// The editor's note (<see cref="Digest.EditorNote"/>) as paragraphs (split at blank lines, a single line break read
    /// as a space): what every rendering shows first, before the intro. Empty without a note.
    /// </summary>
    public static IReadOnlyList<string> NoteParagraphs(Digest digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        return string.IsNullOrWhiteSpace(digest.EditorNote)
            ? []
            : digest.EditorNote.Replace("\r\n", "\n", StringComparison.Ordinal)
                .Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(p => p.Replace('\n', ' '))
                .ToList();
    }

    public static string Period(Digest digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var start = digest.PeriodStart.UtcDateTime;
        var end = digest.PeriodEnd.UtcDateTime;
        var culture = CultureInfo.InvariantCulture;
        if (start.Year != end.Year)
        {
            return $"{start.ToString("d MMMM yyyy", culture)} – {end.ToString("d MMMM yyyy", culture)}";
        }

        return start.Month == end.Month
            ? $"{start.ToString("%d", culture)} – {end.ToString("d MMMM yyyy", culture)}"
            : $"{start.ToString("d MMMM", culture)} – {end.ToString("d MMMM yyyy", culture)}";
    }

    /// <summary>The item a sentence cites first, looked up in its section; null when it cites none of them.</summary>
    public static DigestItem? Cited(Section section, Sentence sentence)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(sentence);
        return sentence.ItemIds.Select(id => section.Items.FirstOrDefault(i => i.Id == id)).FirstOrDefault(i => i is not null);
    }

    /// <summary>
    /// The item cited after a sentence, "(Source)": the first item it cites, but only for a sentence that names nothing
    /// (<see cref="Sentence.Names"/> null); a sentence that names its items links those words instead.
    /// </summary>
    public static DigestItem? Citation(Section section, Sentence sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        return sentence.Names is null ? Cited(section, sentence) : null;
    }

    /// <summary>
    /// The sentence in order as plain pieces and linked names: each of <see cref="Sentence.Names"/> found in the text (after
    /// the previous one) and naming an item of the section becomes a piece with that item; the rest is plain text. Names
    /// that are not in the text or name no item of the section are left plain, never dropped.
    /// </summary>
    public static IReadOnlyList<(string Text, DigestItem? Item)> Pieces(Section section, Sentence sentence)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(sentence);
        var text = sentence.Text.Trim();
        var pieces = new List<(string Text, DigestItem? Item)>();
        var position = 0;
        foreach (var name in sentence.Names ?? [])
        {
            var item = section.Items.FirstOrDefault(i => i.Id == name.ItemId);
            var at = string.IsNullOrEmpty(name.Text) ? -1 : text.IndexOf(name.Text, position, StringComparison.Ordinal);
            if (item is null || at < 0)
            {
                continue;
            }

            if (at > position)
            {
                pieces.Add((text[position..at], null));
            }

            pieces.Add((name.Text, item));
            position = at + name.Text.Length;
        }

        if (position < text.Length)
        {
            pieces.Add((text[position..], null));
        }

        return pieces;
    }

    /// <summary>
    /// The digest with every text a reader sees through <see cref="LatexText.ToUnicode"/>: the way out is clean even for
    /// issues and items stored before ingestion converted LaTeX. What was already clean comes back equal.
    /// </summary>
    public static Digest Readable(Digest digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        return digest with
        {
            Title = LatexText.ToUnicode(digest.Title),
            Intro = LatexText.ToUnicode(digest.Intro),
            Sections = digest.Sections.Select(section => section with
            {
                Title = LatexText.ToUnicode(section.Title),
                Items = section.Items.Select(Readable).ToList(),
                Sentences = section.Sentences.Select(sentence => sentence with
                {
                    Text = LatexText.ToUnicode(sentence.Text),
                    Names = sentence.Names?.Select(n => n with { Text = LatexText.ToUnicode(n.Text) }).ToList(),
                }).ToList(),
            }).ToList(),
            OtherReads = digest.OtherReads.Select(Readable).ToList(),
        };
    }

    private static DigestItem Readable(DigestItem item) => item with
    {
        Title = LatexText.ToUnicode(item.Title),
        Description = item.Description is null ? null : LatexText.ToUnicode(item.Description),
    };
}
