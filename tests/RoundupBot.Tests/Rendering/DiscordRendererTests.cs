using System.Text.Json;
using System.Text.RegularExpressions;
using RoundupBot.Model;
using RoundupBot.Publishing.Discord;
using RoundupBot.Rendering;
using RoundupBot.Tests.TestSupport;

namespace RoundupBot.Tests.Rendering;

public sealed class DiscordRendererTests
{
    private const string ArchiveUrl = "https://roundup.example.org/digests/5";

    // A Markdown link as the renderer writes it: escaped text, then a URL with no spaces or parentheses.
    private static readonly Regex LinkPattern = new(@"\[(?:\\.|[^\]\\])*\]\((https?://[^\s()<>]+)\)");

    [Fact]
    public void Renders_a_seven_section_issue_with_long_summaries_within_every_limit_and_valid_for_Discord()
    {
        var digest = SampleDigests.Issue(sections: 7, sentences: 60);

        var messages = DiscordRenderer.Render(digest, ArchiveUrl);

        Assert.True(messages.Count >= 9, $"expected the long sections to need several messages; got {messages.Count}");
        foreach (var message in messages)
        {
            AssertWithinLimits(message);
            var json = DiscordJson.Serialize(message);
            Assert.Null(FakeDiscord.Check(json));
        }
    }

    [Fact]
    public void Posts_the_header_then_every_section_in_order_then_the_other_reads_then_the_web_link()
    {
        var digest = SampleDigests.Issue(sections: 7, sentences: 40);

        var messages = DiscordRenderer.Render(digest, ArchiveUrl);

        var header = messages[0].Content!;
        Assert.StartsWith("# Some interesting things to start the week \\#5\n*16 – 23 November 2026*", header, StringComparison.Ordinal);
        Assert.Contains("**In today's edition:**", header, StringComparison.Ordinal);
        Assert.Contains("\n- 💾 Theme 1\\: language and ", header, StringComparison.Ordinal);
        Assert.Null(messages[0].Embeds);

        var titled = messages.SelectMany(m => m.Embeds ?? []).Where(e => e.Title is not null).Select(e => e.Title).ToList();
        Assert.Equal(
            digest.Sections.Select(s => $"{s.Emoji} {s.Title.Replace(":", "\\:", StringComparison.Ordinal)}").Append("📖 " + DigestText.OtherReadsHeading),
            titled);

        var footer = messages[^1];
        Assert.Equal($"📚 [Read issue #5 on the web](<{ArchiveUrl}>)", footer.Content);
        Assert.Null(footer.Embeds);
        Assert.All(messages, m => Assert.Empty(m.AllowedMentions.Parse));
    }

    [Fact]
    public void Every_sentence_and_its_link_arrive_whole_across_split_embeds()
    {
        var digest = SampleDigests.Issue(sections: 2, sentences: 200);

        var messages = DiscordRenderer.Render(digest, ArchiveUrl);

        var embeds = messages.SelectMany(m => m.Embeds ?? []).ToList();
        // Section 1 needs several embeds: a titled one, then continuations without a title, same colour.
        var first = embeds.TakeWhile((e, i) => i == 0 || e.Title is null).ToList();
        Assert.True(first.Count > 1);
        Assert.Single(first.Select(e => e.Color).Distinct());
        var description = string.Join(" ", first.Select(e => e.Description).OfType<string>());
        var section = digest.Sections[0];
        var expected = string.Join(" ", section.Sentences.Select(s =>
        {
            var item = section.Items.Single(i => i.Id == s.ItemIds[0]);
            return $"{s.Text} ([{item.Source}]({item.Link}))";
        }));
        Assert.Equal(expected, description);
        foreach (var embed in first.Where(e => e.Description is not null))
        {
            // Each piece ends with a whole sentence and its whole link: no word, link or escape is cut.
            Assert.EndsWith(")", embed.Description!, StringComparison.Ordinal);
            Assert.Equal(Count(embed.Description!, "]("), LinkPattern.Count(embed.Description!));
        }
    }

    [Fact]
    public void Splits_a_sentence_longer_than_a_description_between_words_and_keeps_its_link_whole()
    {
        var words = string.Join(" ", Enumerable.Range(0, 1500).Select(i => "word" + i));
        var digest = OneSection([new Sentence(words + ".", [1])], [Item(1, "Giant", "https://example.org/giant")]);

        var messages = DiscordRenderer.Render(digest, archiveUrl: null);

        var descriptions = messages.SelectMany(m => m.Embeds ?? []).Select(e => e.Description).OfType<string>().ToList();
        Assert.True(descriptions.Count >= 3);
        Assert.All(descriptions, d => Assert.InRange(d.Length, 1, DiscordLimits.DescriptionLength));
        Assert.Equal(words + ". ([Feed](https://example.org/giant))", string.Join(" ", descriptions));
        Assert.All(descriptions.SkipLast(1), d => Assert.Matches(@"word\d+$", d));
        Assert.All(messages, AssertWithinLimits);
    }

    [Fact]
    public void A_feed_title_with_mentions_and_Markdown_renders_literally()
    {
        const string Hostile = "@everyone look **here** <@&123> <@456> @here `code` ~~x~~ ||spoiler|| > quote [click](https://evil.example) #1";
        var digest = OneSection(
            [new Sentence(Hostile, [1])],
            [Item(1, Hostile, "https://example.org/a") with { Source = "@here <@&9>" }],
            title: Hostile) with
        { Intro = Hostile, OtherReads = [Item(2, Hostile, "https://example.org/b") with { Description = Hostile }] };

        var messages = DiscordRenderer.Render(digest, ArchiveUrl);

        var texts = Texts(messages).ToList();
        Assert.All(texts, t =>
        {
            Assert.DoesNotContain("@everyone", t, StringComparison.Ordinal);
            Assert.DoesNotContain("@here", t, StringComparison.Ordinal);
            Assert.DoesNotMatch(@"<@[!&]?\d", t);
            Assert.DoesNotContain("**here**", t, StringComparison.Ordinal);
            Assert.DoesNotContain("[click](", t, StringComparison.Ordinal);
        });
        // Unescaped the way Discord renders ("\x" shows "x", the zero-width space shows nothing), the text is the feed's.
        var shown = texts.Select(Unescape).ToList();
        Assert.True(shown.Any(t => t.Contains(Hostile, StringComparison.Ordinal)), string.Join("\n---\n", shown));
        Assert.Contains(shown, t => t.Contains("- 🧪 " + Hostile, StringComparison.Ordinal));
        Assert.Contains(shown, t => t.Contains(" — " + Hostile, StringComparison.Ordinal));
        Assert.All(messages, m => Assert.Empty(m.AllowedMentions.Parse));
    }

    [Fact]
    public void Leaves_out_links_Discord_would_refuse_and_keeps_their_text()
    {
        var tooLong = "https://example.org/" + new string('a', 2100);
        var longQuery = "https://example.org/paper?" + new string('q', 2100);
        var digest = OneSection(
            [new Sentence("Too long.", [1]), new Sentence("Long query.", [2]), new Sentence("Script.", [3])],
            [Item(1, "Long", tooLong), Item(2, "Query", longQuery), Item(3, "Script", "javascript:alert(1)")]);

        var messages = DiscordRenderer.Render(digest, archiveUrl: "ftp://example.org/5");

        var all = string.Join("\n", Texts(messages));
        Assert.DoesNotContain(tooLong, all, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript", all, StringComparison.Ordinal);
        Assert.Contains("Too long. (Feed)", all, StringComparison.Ordinal);
        Assert.Contains("Long query. ([Feed](https://example.org/paper))", all, StringComparison.Ordinal);
        Assert.Contains("• Script", all, StringComparison.Ordinal);
        Assert.DoesNotContain(messages, m => m.Content?.Contains("on the web", StringComparison.Ordinal) == true);
        Assert.All(messages, AssertWithinLimits);
    }

    [Fact]
    public void Packs_many_small_sections_ten_embeds_to_a_message()
    {
        var digest = SampleDigests.Issue(sections: 23, sentences: 1, itemsPerSection: 1);

        var messages = DiscordRenderer.Render(digest, archiveUrl: null);

        var sizes = messages.Where(m => m.Embeds is not null).Select(m => m.Embeds!.Count).ToList();
        Assert.Equal([10, 10, 4], sizes);
        Assert.All(messages, AssertWithinLimits);
    }

    [Fact]
    public void Lists_many_items_over_several_fields_within_the_field_limits()
    {
        var items = Enumerable.Range(1, 120).Select(i => Item(i, $"A rather long item title number {i} about sparse attention", $"https://example.org/items/{i}")).ToList();
        var digest = OneSection([new Sentence("One sentence.", [1])], items);

        var messages = DiscordRenderer.Render(digest, archiveUrl: null);

        var fields = messages.SelectMany(m => m.Embeds ?? []).SelectMany(e => e.Fields ?? []).ToList();
        Assert.Equal(DiscordRenderer.ReadFieldName, fields[0].Name);
        Assert.True(fields.Count > 5);
        Assert.Equal(120, fields.Sum(f => f.Value.Split('\n').Length));
        Assert.All(messages, AssertWithinLimits);
    }

    [Fact]
    public void Adds_the_configured_username_and_avatar_to_every_message_and_nothing_when_unset()
    {
        var digest = SampleDigests.Issue(sections: 3, sentences: 5);

        var named = DiscordRenderer.Render(digest, ArchiveUrl, new DiscordOptions { Username = "Research Roundup", AvatarUrl = "https://roundup.example.org/avatar.png" });
        var plain = DiscordRenderer.Render(digest, ArchiveUrl, new DiscordOptions { Username = "", AvatarUrl = "not a url" });
        var reserved = DiscordRenderer.Render(digest, ArchiveUrl, new DiscordOptions { Username = "Discord Digest" });

        Assert.All(named, m => Assert.Equal(("Research Roundup", "https://roundup.example.org/avatar.png"), (m.Username, m.AvatarUrl)));
        Assert.All(plain.Concat(reserved), m => Assert.Equal((null, null), (m.Username, m.AvatarUrl)));
        var json = DiscordJson.Serialize(plain[0]);
        Assert.DoesNotContain("username", json, StringComparison.Ordinal);
        Assert.DoesNotContain("null", json, StringComparison.Ordinal);
        Assert.Contains("\"allowed_mentions\":{\"parse\":[]}", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Forum_post_name_is_the_title_cut_to_100_characters_at_a_word()
    {
        var digest = SampleDigests.Issue(sections: 1, sentences: 1) with { Title = string.Join(" ", Enumerable.Repeat("interesting", 20)) };

        var name = DiscordRenderer.ThreadName(digest);

        Assert.True(name.Length <= DiscordLimits.ThreadNameLength);
        Assert.EndsWith("interesting…", name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Digest_files_write_discord_json_as_the_exact_bodies_in_order()
    {
        var directory = Path.Combine(Path.GetTempPath(), "roundup-discord-" + Guid.NewGuid().ToString("N"));
        var digest = SampleDigests.Issue(sections: 7, sentences: 20);
        try
        {
            var written = await DigestFiles.WriteAsync(directory, digest, EmailLinks.Preview(ArchiveUrl), new DiscordOptions { Username = "Roundup" }, CancellationToken.None);

            Assert.Equal(DigestFiles.Discord, Path.GetFileName(written[^1]));
            var text = await File.ReadAllTextAsync(written[^1]);
            Assert.Equal(DiscordJson.SerializeAll(DiscordRenderer.Render(digest, ArchiveUrl, new DiscordOptions { Username = "Roundup" })) + "\n", text);
            using var document = JsonDocument.Parse(text);
            var bodies = document.RootElement.EnumerateArray().ToList();
            Assert.All(bodies, b => Assert.Null(FakeDiscord.Check(b.GetRawText())));
            Assert.All(bodies, b => Assert.Equal("Roundup", b.GetProperty("username").GetString()));
            Assert.DoesNotContain("allowedMentions", text, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Every documented limit, counted independently of the renderer.</summary>
    internal static void AssertWithinLimits(DiscordWebhookMessage message)
    {
        Assert.True(message.Content is not null || message.Embeds is { Count: > 0 }, "empty message");
        Assert.True(message.Content is null or { Length: > 0 and <= 2000 }, $"content of {message.Content?.Length}");
        Assert.True(message.Embeds is null or { Count: > 0 and <= 10 });
        Assert.True((message.Embeds ?? []).Sum(e => (e.Title?.Length ?? 0) + (e.Description?.Length ?? 0) + (e.Footer?.Text.Length ?? 0)
            + (e.Fields ?? []).Sum(f => f.Name.Length + f.Value.Length)) <= 6000);
        foreach (var embed in message.Embeds ?? [])
        {
            Assert.True(embed.Title is null or { Length: > 0 and <= 256 });
            Assert.True(embed.Description is null or { Length: > 0 and <= 4096 }, $"description of {embed.Description?.Length}");
            Assert.True(embed.Fields is null or { Count: > 0 and <= 25 });
            Assert.All(embed.Fields ?? [], f => Assert.True(f.Name.Length is > 0 and <= 256 && f.Value.Length is > 0 and <= 1024));
            Assert.True(embed.Url is null or { Length: > 0 and <= 2048 });
        }

        foreach (Match link in LinkPattern.Matches(string.Join("\n", Texts([message]))))
        {
            Assert.InRange(link.Groups[1].Value.Length, 1, 2048);
        }
    }

    private static IEnumerable<string> Texts(IEnumerable<DiscordWebhookMessage> messages) =>
        messages.SelectMany(m => new[] { m.Content }
            .Concat((m.Embeds ?? []).SelectMany(e => new[] { e.Title, e.Description }.Concat((e.Fields ?? []).SelectMany(f => new[] { f.Name, f.Value })))))
            .OfType<string>();

    /// <summary>What Discord shows: "\x" as "x" for punctuation, the zero-width space as nothing.</summary>
    private static string Unescape(string text) => Regex.Replace(text, @"\\([^\w\s])", "$1").Replace("\u200B", "", StringComparison.Ordinal);

    private static int Count(string text, string value) => (text.Length - text.Replace(value, "", StringComparison.Ordinal).Length) / value.Length;

    private static DigestItem Item(long id, string title, string link) => new() { Id = id, Title = title, Link = link, Source = "Feed" };

    private static Digest OneSection(IReadOnlyList<Sentence> sentences, IReadOnlyList<DigestItem> items, string title = "A section") => new()
    {
        Number = 5,
        Title = "Roundup #5",
        PeriodStart = new DateTimeOffset(2026, 11, 16, 8, 0, 0, TimeSpan.Zero),
        PeriodEnd = new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero),
        Intro = "Intro.",
        Sections = [new Section { Emoji = "🧪", Title = title, Items = items, Sentences = sentences }],
        OtherReads = [],
        Run = new DigestRun { Engine = "embedded" },
    };
}
