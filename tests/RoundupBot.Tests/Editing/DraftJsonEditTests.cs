using System.Text.Json.Nodes;
using RoundupBot.Editing;
using RoundupBot.Model;

namespace RoundupBot.Tests.Editing;

public sealed class DraftJsonEditTests
{
    private static readonly Digest Draft = DraftEditsTests.Issue();

    private static JsonNode Json() => JsonNode.Parse(DigestJson.Serialize(Draft))!;

    [Fact]
    public void The_draft_json_unchanged_applies_as_the_same_issue()
    {
        var applied = DraftJsonEdit.Apply(Draft, DigestJson.Serialize(Draft));

        Assert.Equal(DigestJson.Serialize(Draft), DigestJson.Serialize(applied));
    }

    [Fact]
    public void Titles_emoji_order_placement_sentences_and_the_note_are_applied()
    {
        var json = Json();
        var sections = json["sections"]!.AsArray();
        sections[0]!["title"] = "Thinking harder";
        sections[0]!["emoji"] = "💭";
        var agents = sections[1]!;
        sections.RemoveAt(1);
        sections.Insert(0, agents);
        // Item 5 from the other reads into the agents section, item 4 left out with its sentence.
        var read = json["otherReads"]!.AsArray()[0]!.DeepClone();
        json["otherReads"]!.AsArray().Clear();
        agents["items"]!.AsArray().RemoveAt(1);
        agents["items"]!.AsArray().Add(read);
        agents["sentences"]!.AsArray().RemoveAt(1);
        agents["sentences"]!.AsArray().Add(new JsonObject { ["text"] = "A long read on agents.", ["itemIds"] = new JsonArray(5) });
        json["editorNote"] = "My picks.";

        var applied = DraftJsonEdit.Apply(Draft, json.ToJsonString());

        Assert.Equal(["Agents", "Thinking harder"], applied.Sections.Select(s => s.Title));
        Assert.Equal("💭", applied.Sections[1].Emoji);
        Assert.Equal([3L, 5L], applied.Sections[0].Items.Select(i => i.Id));
        Assert.Equal(["Desktop agents finish 42% of tasks.", "A long read on agents."], applied.Sections[0].Sentences.Select(s => s.Text));
        Assert.Empty(applied.OtherReads);
        Assert.Equal("My picks.", applied.EditorNote);
    }

    [Theory]
    [InlineData("number", "4")]
    [InlineData("title", "\"Another title\"")]
    [InlineData("intro", "\"Another intro\"")]
    [InlineData("periodStart", "\"2026-01-01T00:00:00+00:00\"")]
    public void A_change_to_anything_but_what_an_editor_may_edit_is_refused_naming_the_field(string field, string value)
    {
        var json = Json();
        json[field] = JsonNode.Parse(value);

        var ex = Assert.Throws<DraftEditException>(() => DraftJsonEdit.Apply(Draft, json.ToJsonString()));

        Assert.Equal($"{field}: cannot be changed in a draft; an edit may change section titles, emoji and order, where items are, the sentences and editorNote.", ex.Message);
    }

    [Fact]
    public void An_unknown_item_a_changed_item_or_an_item_twice_is_refused_naming_it()
    {
        var unknown = Json();
        unknown["otherReads"]![0]!["id"] = 99;
        var changed = Json();
        changed["sections"]![0]!["items"]![1]!["link"] = "https://elsewhere.example.org/";
        var twice = Json();
        twice["otherReads"]!.AsArray().Add(twice["sections"]![0]!["items"]![0]!.DeepClone());

        Assert.Equal("otherReads[0].id: item 99 is not in the draft; an edit can move or leave out the draft's items, not add others.",
            Assert.Throws<DraftEditException>(() => DraftJsonEdit.Apply(Draft, unknown.ToJsonString())).Message);
        Assert.StartsWith("sections[0].items[1]: item 2 was changed;", Assert.Throws<DraftEditException>(() => DraftJsonEdit.Apply(Draft, changed.ToJsonString())).Message, StringComparison.Ordinal);
        Assert.Equal("otherReads[1].id: item 1 appears twice; an item is in one place only.",
            Assert.Throws<DraftEditException>(() => DraftJsonEdit.Apply(Draft, twice.ToJsonString())).Message);
    }

    [Fact]
    public void A_sentence_citing_an_item_of_another_section_is_refused()
    {
        var json = Json();
        json["sections"]![1]!["sentences"]![0]!["itemIds"] = new JsonArray(1);

        var ex = Assert.Throws<DraftEditException>(() => DraftJsonEdit.Apply(Draft, json.ToJsonString()));

        Assert.Equal("sections[1].sentences[0].itemIds[0]: item 1 is not in this section; a sentence cites items of its own section (3, 4).", ex.Message);
    }

    [Fact]
    public void Two_emoji_or_an_empty_title_written_in_the_file_are_refused()
    {
        var emoji = Json();
        emoji["sections"]![0]!["emoji"] = "🧠🤖";
        var title = Json();
        title["sections"]![1]!["title"] = "";

        Assert.Equal("sections[0].emoji: must be exactly one emoji, such as 🧠; got '🧠🤖' (2 characters).",
            Assert.Throws<DraftEditException>(() => DraftJsonEdit.Apply(Draft, emoji.ToJsonString())).Message);
        Assert.Equal("sections[1].title: a section title must be 1 to 100 characters; got an empty one.",
            Assert.Throws<DraftEditException>(() => DraftJsonEdit.Apply(Draft, title.ToJsonString())).Message);
    }

    [Theory]
    [InlineData("{ \"number\": 3, ")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{ \"number\": \"three\" }")]
    public void A_malformed_digest_json_is_refused_saying_where_and_what_is_expected(string json)
    {
        var ex = Assert.Throws<DraftEditException>(() => DraftJsonEdit.Apply(Draft, json));

        Assert.Equal("digest.json", ex.Field);
        Assert.Contains("is not a digest", ex.Message, StringComparison.Ordinal);
        Assert.Contains("expected the JSON 'roundup draft show --json' prints, edited.", ex.Message, StringComparison.Ordinal);
    }
}
