using System.Globalization;
using System.Text.Json;
using RoundupBot.Model;

namespace RoundupBot.Editing;

/// <summary>
/// Reads an edited <c>digest.json</c> against the draft it was taken from (<c>roundup draft edit FILE</c>): section titles,
/// emoji and order, which section (or the other reads) each item is in, items left out, the sentences and
/// <c>editorNote</c> may change; anything else that differs (the number, the title, the period, the intro, an item's
/// title or link, <c>run</c>) is refused with the field named, as is an item the draft does not have.
/// </summary>
public static class DraftJsonEdit
{
    /// <summary>The draft's issue with the edits of <paramref name="json"/>.</summary>
    /// <exception cref="DraftEditException">The JSON is not a digest, or changes what a draft may not; nothing is applied.</exception>
    public static Digest Apply(Digest draft, string json)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var edited = Parse(json);
        Same("number", draft.Number, edited.Number);
        Same("title", draft.Title, edited.Title);
        Same("periodStart", draft.PeriodStart, edited.PeriodStart);
        Same("periodEnd", draft.PeriodEnd, edited.PeriodEnd);
        Same("intro", draft.Intro, edited.Intro);
        Same("run", JsonSerializer.Serialize(draft.Run, DigestJson.Options), JsonSerializer.Serialize(edited.Run, DigestJson.Options));
        if (edited.ContentHash is not null && edited.ContentHash != draft.ContentHash)
        {
            throw Unchangeable("contentHash");
        }

        var known = draft.Sections.SelectMany(s => s.Items).Concat(draft.OtherReads)
            .ToDictionary(i => i.Id, i => JsonSerializer.Serialize(i, DigestJson.Options));
        var seen = new HashSet<long>();
        if (edited.Sections is null || edited.Sections.Count == 0)
        {
            throw new DraftEditException("sections", "an issue needs at least one section.");
        }

        var sections = new List<Section>();
        for (var s = 0; s < edited.Sections.Count; s++)
        {
            var field = string.Create(CultureInfo.InvariantCulture, $"sections[{s}]");
            var section = edited.Sections[s] ?? throw new DraftEditException(field, "must be a section object, not null.");
            // The engine's own headings stand as they are; what the editor wrote is checked.
            var title = draft.Sections.Any(o => o.Title == section.Title) ? section.Title : DraftEdits.CheckTitle($"{field}.title", section.Title);
            var emoji = draft.Sections.Any(o => o.Emoji == section.Emoji) ? section.Emoji : DraftEdits.CheckEmoji($"{field}.emoji", section.Emoji);
            var items = CheckItems($"{field}.items", section.Items, known, seen);
            if (items.Count == 0)
            {
                throw new DraftEditException($"{field}.items", "a section needs at least one item; remove the section, or move an item into it.");
            }

            var shaped = new Section { Title = title, Emoji = emoji, Items = items, Sentences = [] };
            var sentences = new List<Sentence>();
            for (var i = 0; i < (section.Sentences?.Count ?? 0); i++)
            {
                var sentenceField = string.Create(CultureInfo.InvariantCulture, $"{field}.sentences[{i}]");
                var sentence = section.Sentences![i] ?? throw new DraftEditException(sentenceField, "must be a sentence object, not null.");
                var text = DraftEdits.CheckSentence($"{sentenceField}.text", sentence.Text);
                var clean = new Sentence(text, sentence.ItemIds ?? []) { Names = sentence.Names };
                DraftEdits.CheckCitations(shaped, clean, sentenceField);
                sentences.Add(DraftEdits.WithNames(clean, clean.Names));
            }

            sections.Add(shaped with { Sentences = sentences });
        }

        var otherReads = CheckItems("otherReads", edited.OtherReads, known, seen);
        return draft with { Sections = sections, OtherReads = otherReads, EditorNote = DraftEdits.CheckNote(edited.EditorNote) };
    }

    private static Digest Parse(string json)
    {
        try
        {
            return DigestJson.Deserialize(json);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line
                ? string.Create(CultureInfo.InvariantCulture, $" at line {line + 1}, position {(ex.BytePositionInLine ?? 0) + 1}{(string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "" : $" ({ex.Path})")}")
                : "";
            throw new DraftEditException("digest.json", $"is not a digest{where}: expected the JSON 'roundup draft show --json' prints, edited. {FirstLine(ex.Message)}", ex);
        }
    }

    private static string FirstLine(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    private static List<DigestItem> CheckItems(string field, IReadOnlyList<DigestItem>? items, Dictionary<long, string> known, HashSet<long> seen)
    {
        var result = new List<DigestItem>();
        for (var i = 0; i < (items?.Count ?? 0); i++)
        {
            var itemField = string.Create(CultureInfo.InvariantCulture, $"{field}[{i}]");
            var item = items![i] ?? throw new DraftEditException(itemField, "must be an item object, not null.");
            if (!known.TryGetValue(item.Id, out var original))
            {
                throw new DraftEditException($"{itemField}.id", string.Create(CultureInfo.InvariantCulture,
                    $"item {item.Id} is not in the draft; an edit can move or leave out the draft's items, not add others."));
            }

            if (!seen.Add(item.Id))
            {
                throw new DraftEditException($"{itemField}.id", string.Create(CultureInfo.InvariantCulture, $"item {item.Id} appears twice; an item is in one place only."));
            }

            if (JsonSerializer.Serialize(item, DigestJson.Options) != original)
            {
                throw new DraftEditException(itemField, string.Create(CultureInfo.InvariantCulture,
                    $"item {item.Id} was changed; an item's title, link, source, description and coverage come from its feed and cannot be edited (move it, or leave it out)."));
            }

            result.Add(item);
        }

        return result;
    }

    private static void Same<T>(string field, T draft, T edited)
    {
        if (!EqualityComparer<T>.Default.Equals(draft, edited))
        {
            throw Unchangeable(field);
        }
    }

    private static DraftEditException Unchangeable(string field) => new(field,
        "cannot be changed in a draft; an edit may change section titles, emoji and order, where items are, the sentences and editorNote.");
}
