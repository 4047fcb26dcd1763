using RoundupBot.Editing;
using RoundupBot.Model;

namespace RoundupBot.Tests.Editing;

public sealed class DraftEditsTests
{
    /// <summary>Two sections of two items (one sentence naming each, one framing line), and one other read.</summary>
    internal static Digest Issue() => new()
    {
        Number = 3,
        Title = "Some interesting things to start the week #3",
        PeriodStart = new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero),
        PeriodEnd = new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero),
        Intro = "Reasoning and agents this week.",
        Sections =
        [
            new Section
            {
                Emoji = "🧠",
                Title = "Reasoning",
                Items = [Item(1, "Chain of thought"), Item(2, "Tree search")],
                Sentences =
                [
                    new Sentence("Two papers on reasoning.", [1, 2]) { Names = [] },
                    new Sentence("Chain of thought helps small models.", [1]) { Names = [new SentenceName("Chain of thought", 1)] },
                    new Sentence("Tree search beats sampling.", [2]) { Names = [new SentenceName("Tree search", 2)] },
                ],
            },
            new Section
            {
                Emoji = "🤖",
                Title = "Agents",
                Items = [Item(3, "Desktop agents"), Item(4, "Web agents")],
                Sentences =
                [
                    new Sentence("Desktop agents finish 42% of tasks.", [3]) { Names = [new SentenceName("Desktop agents", 3)] },
                    new Sentence("Web agents browse alone.", [4]),
                ],
            },
        ],
        OtherReads = [Item(5, "A long read")],
        Run = new DigestRun { Engine = "embedded" },
    };

    private static DigestItem Item(long id, string title) => new() { Id = id, Title = title, Link = $"https://example.org/{id}", Source = "arXiv" };

    [Fact]
    public void Renaming_a_section_sets_its_title_and_emoji_and_leaves_the_rest()
    {
        var issue = Issue();

        var edited = DraftEdits.SetSectionHeading(issue, 1, "  Agents at work ", "🛠️");

        Assert.Equal(("🛠️", "Agents at work"), (edited.Sections[1].Emoji, edited.Sections[1].Title));
        Assert.Equal(issue.Sections[0], edited.Sections[0]);
        Assert.Equal(("🤖", "Agents"), (issue.Sections[1].Emoji, issue.Sections[1].Title));
    }

    [Theory]
    [InlineData("", "🧠", "sections[0].title: a section title must be 1 to 100 characters; got an empty one.")]
    [InlineData("   ", "🧠", "sections[0].title: a section title must be 1 to 100 characters; got an empty one.")]
    [InlineData("Reasoning", "🧠🤖", "sections[0].emoji: must be exactly one emoji, such as 🧠; got '🧠🤖' (2 characters).")]
    [InlineData("Reasoning", "A", "sections[0].emoji: must be exactly one emoji, such as 🧠; got 'A' (1 characters).")]
    [InlineData("Reasoning", "", "sections[0].emoji: must be exactly one emoji, such as 🧠; got none.")]
    public void A_bad_title_or_emoji_is_refused_naming_the_field(string title, string emoji, string message)
    {
        var ex = Assert.Throws<DraftEditException>(() => DraftEdits.SetSectionHeading(Issue(), 0, title, emoji));

        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void A_title_of_200_characters_is_refused_saying_how_long_it_may_be()
    {
        var ex = Assert.Throws<DraftEditException>(() => DraftEdits.SetSectionHeading(Issue(), 0, new string('a', 200), "🧠"));

        Assert.Equal("sections[0].title: a section title must be 1 to 100 characters; got 200.", ex.Message);
        Assert.Equal("sections[0].title", ex.Field);
    }

    [Fact]
    public void Emoji_made_of_several_code_points_count_as_one()
    {
        Assert.Equal("👩‍🔬", DraftEdits.SetSectionHeading(Issue(), 0, "Lab work", "👩‍🔬").Sections[0].Emoji);
        Assert.Equal("🇪🇺", DraftEdits.SetSectionHeading(Issue(), 0, "Europe", "🇪🇺").Sections[0].Emoji);
        Assert.Equal("⚛️", DraftEdits.SetSectionHeading(Issue(), 0, "Quantum", "⚛️").Sections[0].Emoji);
    }

    [Fact]
    public void Moving_a_section_puts_it_at_the_place_asked_and_keeps_the_others_in_order()
    {
        var edited = DraftEdits.MoveSection(Issue(), 1, 0);

        Assert.Equal(["Agents", "Reasoning"], edited.Sections.Select(s => s.Title));
        var ex = Assert.Throws<DraftEditException>(() => DraftEdits.MoveSection(Issue(), 0, 5));
        Assert.Equal("position: must be a place from 0 to 1 (the issue has 2 sections); got 5.", ex.Message);
        Assert.Equal("sections[7]: no such section; the issue has sections 0 to 1.", Assert.Throws<DraftEditException>(() => DraftEdits.MoveSection(Issue(), 7, 0)).Message);
    }

    [Fact]
    public void Moving_an_item_to_another_section_takes_its_own_sentence_along_and_the_framing_line_stops_citing_it()
    {
        var edited = DraftEdits.MoveItem(Issue(), 2, 1);

        Assert.Equal([1L], edited.Sections[0].Items.Select(i => i.Id));
        Assert.Equal([3L, 4L, 2L], edited.Sections[1].Items.Select(i => i.Id));
        Assert.Equal(["Two papers on reasoning.", "Chain of thought helps small models."], edited.Sections[0].Sentences.Select(s => s.Text));
        Assert.Equal([1L], edited.Sections[0].Sentences[0].ItemIds);
        Assert.Equal("Tree search beats sampling.", edited.Sections[1].Sentences[^1].Text);
    }

    [Fact]
    public void Moving_an_item_to_the_other_reads_drops_its_sentences_and_a_section_left_empty_goes()
    {
        var once = DraftEdits.MoveItem(Issue(), 3, null);
        var twice = DraftEdits.MoveItem(once, 4, null);

        Assert.Equal([5L, 3L], once.OtherReads.Select(i => i.Id));
        Assert.Equal(["Web agents browse alone."], once.Sections[1].Sentences.Select(s => s.Text));
        Assert.Single(twice.Sections);
        Assert.Equal([5L, 3L, 4L], twice.OtherReads.Select(i => i.Id));
    }

    [Fact]
    public void Moving_an_other_read_into_a_section_adds_it_at_the_end()
    {
        var edited = DraftEdits.MoveItem(Issue(), 5, 0);

        Assert.Empty(edited.OtherReads);
        Assert.Equal([1L, 2L, 5L], edited.Sections[0].Items.Select(i => i.Id));
    }

    [Fact]
    public void Removing_an_item_removes_the_sentences_about_it()
    {
        var edited = DraftEdits.RemoveItem(Issue(), 1);

        Assert.Equal([2L], edited.Sections[0].Items.Select(i => i.Id));
        Assert.Equal(["Two papers on reasoning.", "Tree search beats sampling."], edited.Sections[0].Sentences.Select(s => s.Text));
        Assert.DoesNotContain(edited.Sections[0].Sentences, s => s.ItemIds.Contains(1));
    }

    [Fact]
    public void An_unknown_item_is_refused_naming_it()
    {
        var ex = Assert.Throws<DraftEditException>(() => DraftEdits.RemoveItem(Issue(), 99));

        Assert.Equal("itemId: item 99 is not in the draft; use the id of an item of a section or of the other reads (digest.json's items[].id).", ex.Message);
    }

    [Fact]
    public void The_last_section_cannot_be_emptied()
    {
        var one = DraftEdits.RemoveItem(DraftEdits.RemoveItem(Issue(), 3), 4);

        var ex = Assert.Throws<DraftEditException>(() => DraftEdits.RemoveItem(DraftEdits.RemoveItem(one, 1), 2));

        Assert.Contains("without a section", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Editing_a_sentence_keeps_the_words_that_still_name_an_item_linked()
    {
        var kept = DraftEdits.EditSentence(Issue(), 0, 1, "Chain of thought helps models of every size.");
        var lost = DraftEdits.EditSentence(Issue(), 0, 1, "Thinking step by step helps.");

        Assert.Equal([new SentenceName("Chain of thought", 1)], kept.Sections[0].Sentences[1].Names!);
        Assert.Null(lost.Sections[0].Sentences[1].Names);
        Assert.Equal([1L], lost.Sections[0].Sentences[1].ItemIds);
    }

    [Fact]
    public void Deleting_and_adding_sentences()
    {
        var deleted = DraftEdits.DeleteSentence(Issue(), 1, 1);
        var added = DraftEdits.AddSentence(Issue(), 1, "Both agents use screenshots.", [4, 3]);

        Assert.Equal(["Desktop agents finish 42% of tasks."], deleted.Sections[1].Sentences.Select(s => s.Text));
        var sentence = added.Sections[1].Sentences[^1];
        Assert.Equal("Both agents use screenshots.", sentence.Text);
        Assert.Equal([4L, 3L], sentence.ItemIds);
        Assert.Equal("sections[1].sentences[5]: no such sentence; that section has 2 sentences (0 to 1).",
            Assert.Throws<DraftEditException>(() => DraftEdits.DeleteSentence(Issue(), 1, 5)).Message);
    }

    [Fact]
    public void A_sentence_citing_an_item_outside_its_section_is_refused()
    {
        var ex = Assert.Throws<DraftEditException>(() => DraftEdits.AddSentence(Issue(), 1, "Reasoning helps agents.", [3, 1]));

        Assert.Equal("sections[1].sentences[2].itemIds[1]: item 1 is not in this section; a sentence cites items of its own section (3, 4).", ex.Message);
        Assert.Equal("sections[1].sentences[2].itemIds: a sentence must cite at least one item of its section.",
            Assert.Throws<DraftEditException>(() => DraftEdits.AddSentence(Issue(), 1, "Nothing cited.", [])).Message);
        Assert.Equal("sections[1].sentences[2].text: a sentence must be 1 to 1000 characters; got 0.",
            Assert.Throws<DraftEditException>(() => DraftEdits.AddSentence(Issue(), 1, " ", [3])).Message);
    }

    [Fact]
    public void The_editors_note_is_set_trimmed_and_a_blank_one_removes_it()
    {
        var noted = DraftEdits.SetEditorNote(Issue(), "  I thought December would be slow.\r\n\r\nIt was not.  ");

        Assert.Equal("I thought December would be slow.\n\nIt was not.", noted.EditorNote);
        Assert.Null(DraftEdits.SetEditorNote(noted, "   ").EditorNote);
        Assert.Equal("editorNote: must be at most 4000 characters, a paragraph or a few; got 4001.",
            Assert.Throws<DraftEditException>(() => DraftEdits.SetEditorNote(Issue(), new string('x', 4001))).Message);
    }
}
