using System.Globalization;
using System.Text;
using RoundupBot.Model;

namespace RoundupBot.Editing;

/// <summary>
/// The edits an editor can make to a draft's issue, as pure functions: each takes the issue and returns the edited one,
/// or throws <see cref="DraftEditException"/> naming the field and what is expected (the issue given is never changed).
/// Sections are numbered from 0, as in <c>digest.json</c>'s <c>sections[0]</c>; items are named by their id.
/// </summary>
public static class DraftEdits
{
    /// <summary>The longest section title: a heading, not a paragraph.</summary>
    public const int MaxTitleLength = 100;

    /// <summary>The longest sentence an editor may write.</summary>
    public const int MaxSentenceLength = 1000;

    /// <summary>The longest editor's note.</summary>
    public const int MaxNoteLength = 4000;

    /// <summary>Sets a section's title and emoji.</summary>
    public static Digest SetSectionHeading(Digest digest, int section, string? title, string? emoji)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var field = SectionField(digest, section);
        var cleanTitle = CheckTitle($"{field}.title", title);
        var cleanEmoji = CheckEmoji($"{field}.emoji", emoji);
        return WithSection(digest, section, digest.Sections[section] with { Title = cleanTitle, Emoji = cleanEmoji });
    }

    /// <summary>Moves section <paramref name="section"/> to <paramref name="position"/> (0 is first); the others keep their order.</summary>
    public static Digest MoveSection(Digest digest, int section, int position)
    {
        ArgumentNullException.ThrowIfNull(digest);
        SectionField(digest, section);
        if (position < 0 || position >= digest.Sections.Count)
        {
            throw new DraftEditException("position", string.Create(CultureInfo.InvariantCulture,
                $"must be a place from 0 to {digest.Sections.Count - 1} (the issue has {digest.Sections.Count} sections); got {position}."));
        }

        var sections = digest.Sections.ToList();
        var moved = sections[section];
        sections.RemoveAt(section);
        sections.Insert(position, moved);
        return digest with { Sections = sections };
    }

    /// <summary>
    /// Moves an item to the end of section <paramref name="toSection"/>, or to the other reads when it is null. The
    /// sentences that were about it alone go with it into a section, and are dropped when it goes to the other reads;
    /// a section left without items goes.
    /// </summary>
    public static Digest MoveItem(Digest digest, long itemId, int? toSection)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var (from, item) = Find(digest, itemId);
        if (toSection is { } target)
        {
            SectionField(digest, target);
            if (from == target)
            {
                return digest;
            }
        }
        else if (from is null)
        {
            return digest;
        }

        var carried = from is { } source ? digest.Sections[source].Sentences.Where(s => IsAbout(s, itemId) && s.ItemIds.All(id => id == itemId)).ToList() : [];
        var sections = digest.Sections.ToList();
        var otherReads = digest.OtherReads.ToList();
        if (from is { } old)
        {
            sections[old] = Without(sections[old], itemId);
        }
        else
        {
            otherReads.RemoveAll(i => i.Id == itemId);
        }

        if (toSection is { } to)
        {
            sections[to] = sections[to] with { Items = [.. sections[to].Items, item], Sentences = [.. sections[to].Sentences, .. carried] };
        }
        else
        {
            otherReads.Add(item);
        }

        return Compact(digest, sections, otherReads, $"items {itemId}");
    }

    /// <summary>Removes an item from the issue; the sentences about it go with it, and a section left without items goes.</summary>
    public static Digest RemoveItem(Digest digest, long itemId)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var (from, _) = Find(digest, itemId);
        var sections = digest.Sections.ToList();
        var otherReads = digest.OtherReads.Where(i => i.Id != itemId).ToList();
        if (from is { } section)
        {
            sections[section] = Without(sections[section], itemId);
        }

        return Compact(digest, sections, otherReads, $"items {itemId}");
    }

    /// <summary>Replaces a sentence's text; the words that still name an item stay linked to it.</summary>
    public static Digest EditSentence(Digest digest, int section, int sentence, string? text)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var field = SentenceField(digest, section, sentence);
        var clean = CheckSentence($"{field}.text", text);
        var old = digest.Sections[section].Sentences[sentence];
        var edited = WithNames(old with { Text = clean }, old.Names);
        return WithSentences(digest, section, digest.Sections[section].Sentences.Select((s, i) => i == sentence ? edited : s).ToList());
    }

    /// <summary>Deletes a sentence.</summary>
    public static Digest DeleteSentence(Digest digest, int section, int sentence)
    {
        ArgumentNullException.ThrowIfNull(digest);
        SentenceField(digest, section, sentence);
        return WithSentences(digest, section, digest.Sections[section].Sentences.Where((_, i) => i != sentence).ToList());
    }

    /// <summary>
    /// Adds a sentence at the end of a section, citing <paramref name="itemIds"/> (items of that section, at least one):
    /// the renderers link it, as they do the engine's sentences.
    /// </summary>
    public static Digest AddSentence(Digest digest, int section, string? text, IReadOnlyList<long> itemIds)
    {
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(itemIds);
        var field = SectionField(digest, section);
        var index = digest.Sections[section].Sentences.Count;
        var clean = CheckSentence($"{field}.sentences[{index}].text", text);
        var sentence = new Sentence(clean, itemIds.Distinct().ToList());
        CheckCitations(digest.Sections[section], sentence, $"{field}.sentences[{index}]");
        return WithSentences(digest, section, [.. digest.Sections[section].Sentences, sentence]);
    }

    /// <summary>Sets the editor's note (shown first in every output); empty or blank removes it.</summary>
    public static Digest SetEditorNote(Digest digest, string? note)
    {
        ArgumentNullException.ThrowIfNull(digest);
        return digest with { EditorNote = CheckNote(note) };
    }

    /// <summary>The editor's note trimmed, or null when blank.</summary>
    internal static string? CheckNote(string? note)
    {
        var clean = Normalize(note);
        if (clean.Length == 0)
        {
            return null;
        }

        if (clean.Length > MaxNoteLength)
        {
            throw new DraftEditException("editorNote", string.Create(CultureInfo.InvariantCulture,
                $"must be at most {MaxNoteLength} characters, a paragraph or a few; got {clean.Length}."));
        }

        return clean;
    }

    internal static string CheckTitle(string field, string? title)
    {
        var clean = Normalize(title);
        if (clean.Length == 0)
        {
            throw new DraftEditException(field, string.Create(CultureInfo.InvariantCulture, $"a section title must be 1 to {MaxTitleLength} characters; got an empty one."));
        }

        if (clean.Length > MaxTitleLength)
        {
            throw new DraftEditException(field, string.Create(CultureInfo.InvariantCulture, $"a section title must be 1 to {MaxTitleLength} characters; got {clean.Length}."));
        }

        if (clean.Contains('\n', StringComparison.Ordinal))
        {
            throw new DraftEditException(field, "a section title must be one line.");
        }

        return clean;
    }

    internal static string CheckEmoji(string field, string? emoji)
    {
        var clean = (emoji ?? "").Trim();
        var count = new StringInfo(clean).LengthInTextElements;
        if (count != 1 || !IsEmoji(clean))
        {
            throw new DraftEditException(field, count == 0
                ? "must be exactly one emoji, such as 🧠; got none."
                : string.Create(CultureInfo.InvariantCulture, $"must be exactly one emoji, such as 🧠; got '{clean}' ({count} characters)."));
        }

        return clean;
    }

    internal static string CheckSentence(string field, string? text)
    {
        var clean = Normalize(text).Replace('\n', ' ');
        if (clean.Length == 0 || clean.Length > MaxSentenceLength)
        {
            throw new DraftEditException(field, string.Create(CultureInfo.InvariantCulture,
                $"a sentence must be 1 to {MaxSentenceLength} characters; got {clean.Length}."));
        }

        return clean;
    }

    /// <summary>Every item a sentence cites, and every item its words name, must be one of its section's.</summary>
    internal static void CheckCitations(Section section, Sentence sentence, string field)
    {
        if (sentence.ItemIds.Count == 0)
        {
            throw new DraftEditException($"{field}.itemIds", "a sentence must cite at least one item of its section.");
        }

        var ids = section.Items.Select(i => i.Id).ToHashSet();
        foreach (var (id, i) in sentence.ItemIds.Select((id, i) => (id, i)))
        {
            if (!ids.Contains(id))
            {
                throw new DraftEditException($"{field}.itemIds[{i}]", string.Create(CultureInfo.InvariantCulture,
                    $"item {id} is not in this section; a sentence cites items of its own section ({string.Join(", ", ids)})."));
            }
        }

        foreach (var (name, i) in (sentence.Names ?? []).Select((n, i) => (n, i)))
        {
            if (!sentence.ItemIds.Contains(name.ItemId))
            {
                throw new DraftEditException($"{field}.names[{i}].itemId", string.Create(CultureInfo.InvariantCulture,
                    $"item {name.ItemId} is not among the sentence's itemIds."));
            }
        }
    }

    /// <summary>
    /// The sentence with those of <paramref name="names"/> whose words it still contains, in order; when a sentence that
    /// named items names none any more, null (the renderers then cite its first item after it).
    /// </summary>
    internal static Sentence WithNames(Sentence sentence, IReadOnlyList<SentenceName>? names)
    {
        if (names is null || names.Count == 0)
        {
            return sentence with { Names = names };
        }

        var kept = new List<SentenceName>();
        var position = 0;
        foreach (var name in names)
        {
            var at = sentence.Text.IndexOf(name.Text, position, StringComparison.Ordinal);
            if (at >= 0 && sentence.ItemIds.Contains(name.ItemId))
            {
                kept.Add(name);
                position = at + name.Text.Length;
            }
        }

        return sentence with { Names = kept.Count > 0 ? kept : null };
    }

    private static bool IsEmoji(string text)
    {
        var rune = text.EnumerateRunes().First();
        // Pictographs, dingbats, arrows and the other symbol blocks emoji come from; letters, digits and punctuation are not emoji.
        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.OtherSymbol or UnicodeCategory.MathSymbol
            || (rune.Value >= 0x1F000 && !Rune.IsLetterOrDigit(rune));
    }

    private static string Normalize(string? text) =>
        string.Concat((text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Select(c => char.IsControl(c) && c != '\n' ? ' ' : c)).Trim();

    private static string SectionField(Digest digest, int section)
    {
        if (section < 0 || section >= digest.Sections.Count)
        {
            throw new DraftEditException(string.Create(CultureInfo.InvariantCulture, $"sections[{section}]"), string.Create(CultureInfo.InvariantCulture,
                $"no such section; the issue has sections 0 to {digest.Sections.Count - 1}."));
        }

        return string.Create(CultureInfo.InvariantCulture, $"sections[{section}]");
    }

    private static string SentenceField(Digest digest, int section, int sentence)
    {
        var field = SectionField(digest, section);
        var count = digest.Sections[section].Sentences.Count;
        if (sentence < 0 || sentence >= count)
        {
            throw new DraftEditException(string.Create(CultureInfo.InvariantCulture, $"{field}.sentences[{sentence}]"), string.Create(CultureInfo.InvariantCulture,
                $"no such sentence; that section has {count} sentences (0 to {count - 1})."));
        }

        return string.Create(CultureInfo.InvariantCulture, $"{field}.sentences[{sentence}]");
    }

    private static (int? Section, DigestItem Item) Find(Digest digest, long itemId)
    {
        for (var s = 0; s < digest.Sections.Count; s++)
        {
            if (digest.Sections[s].Items.FirstOrDefault(i => i.Id == itemId) is { } item)
            {
                return (s, item);
            }
        }

        return digest.OtherReads.FirstOrDefault(i => i.Id == itemId) is { } read
            ? (null, read)
            : throw new DraftEditException("itemId", string.Create(CultureInfo.InvariantCulture,
                $"item {itemId} is not in the draft; use the id of an item of a section or of the other reads (digest.json's items[].id)."));
    }

    /// <summary>True when a sentence is about the item: its words name it, or it cites it first without naming anything (the renderers' citation).</summary>
    private static bool IsAbout(Sentence sentence, long itemId) => sentence.Names switch
    {
        null => sentence.ItemIds.Count > 0 && sentence.ItemIds[0] == itemId,
        { Count: 0 } => sentence.ItemIds.Count == 1 && sentence.ItemIds[0] == itemId,
        var names => names.Any(n => n.ItemId == itemId),
    };

    /// <summary>The section without the item: the sentences about it go, the others stop citing it.</summary>
    private static Section Without(Section section, long itemId) => section with
    {
        Items = section.Items.Where(i => i.Id != itemId).ToList(),
        Sentences = section.Sentences
            .Where(s => !IsAbout(s, itemId))
            .Select(s => s.ItemIds.Contains(itemId) ? WithNames(s with { ItemIds = s.ItemIds.Where(id => id != itemId).ToList() }, s.Names) : s)
            .Where(s => s.ItemIds.Count > 0)
            .ToList(),
    };

    private static Digest Compact(Digest digest, List<Section> sections, List<DigestItem> otherReads, string field)
    {
        sections.RemoveAll(s => s.Items.Count == 0);
        if (sections.Count == 0)
        {
            throw new DraftEditException(field, "that would leave the issue without a section; an issue needs at least one. Move another item into a section first.");
        }

        return digest with { Sections = sections, OtherReads = otherReads };
    }

    private static Digest WithSection(Digest digest, int index, Section section) =>
        digest with { Sections = digest.Sections.Select((s, i) => i == index ? section : s).ToList() };

    private static Digest WithSentences(Digest digest, int index, List<Sentence> sentences) =>
        WithSection(digest, index, digest.Sections[index] with { Sentences = sentences });
}
