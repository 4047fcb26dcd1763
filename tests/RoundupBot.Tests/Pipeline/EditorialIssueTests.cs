using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RoundupBot.Model;
using RoundupBot.Pipeline;
using RoundupBot.Publishing.Discord;
using RoundupBot.Rendering;
using RoundupBot.Summarization.Embedded;
using RoundupBot.Summarization.Embedding;
using RoundupBot.Tests.Storage;
using RoundupBot.Tests.Summarization.Embedded;
using RoundupBot.Tests.Summarization.Embedding;
using RoundupBot.Text;

namespace RoundupBot.Tests.Pipeline;

/// <summary>
/// Issue 16's "done when", on whole issues the default engine builds through the real pipeline (MiniLM vectors,
/// clustering, SQLite) from the labelled evaluation set and from a realistic fixture week with LaTeX and news.
/// </summary>
public sealed partial class EditorialIssueTests(EditorialIssueTests.Issues issues)
    : IClassFixture<EditorialIssueTests.Issues>
{
    public static TheoryData<string> Weeks => new() { "labelled", "fixture" };

    // What fits each field: any of these is a right emoji for a section whose items mostly carry that label.
    private static readonly Dictionary<string, string[]> FittingEmoji = new(StringComparer.Ordinal)
    {
        ["llm-reasoning"] = ["🧠", "💬", "🤔", "📚", "👑", "🐞"],
        ["computer-vision"] = ["🖼️", "👁️", "📷", "🎥", "🎨"],
        ["robotics"] = ["🤖", "🦾"],
        ["biology-medicine"] = ["🧬", "💊", "🏥", "🔬", "🩺", "🦠"],
        ["quantum-computing"] = ["⚛️"],
        ["climate-earth"] = ["🌍", "🌦️", "🌊", "🌡️", "⛈️", "🔥"],
        ["small-models"] = ["🧠", "💾", "📈", "💬", "🤖"],
        ["agents"] = ["🤖", "🧠", "🖥️", "🕹️"],
        ["dark-matter"] = ["🌌", "🔭", "🪐"],
        ["particle-physics"] = ["💥", "⚛️", "🔬"],
        ["geometry"] = ["📐", "🧮"],
        ["iot-fog"] = ["📡", "🌐", "🛰️"],
        ["other"] = ["⚛️", "🔬", "📰", "📌", "🔎", "✨"],
    };

    [Theory]
    [MemberData(nameof(Weeks))]
    public void No_sentence_opens_with_a_pointer_or_a_connective(string week)
    {
        var sentences = issues[week].Digest.Sections.SelectMany(s => s.Sentences).Select(s => s.Text).ToList();

        Assert.NotEmpty(sentences);
        Assert.All(sentences, text => Assert.False(BadOpening().IsMatch(text), text));
    }

    [Theory]
    [MemberData(nameof(Weeks))]
    public void Every_item_sentence_names_and_links_its_item_and_carries_no_source_label(string week)
    {
        var digest = issues[week].Digest;
        var itemSentences = digest.Sections.SelectMany(s => s.Sentences.Select(x => (Section: s, Sentence: x))).Where(p => p.Sentence.ItemIds.Count == 1).ToList();

        Assert.All(itemSentences, p =>
        {
            var name = Assert.Single(p.Sentence.Names!);
            Assert.Equal(p.Sentence.ItemIds[0], name.ItemId);
            Assert.Contains(name.Text, p.Sentence.Text, StringComparison.Ordinal);
            Assert.True(SentenceEditor.Words(p.Sentence.Text) <= SentenceEditor.MaxWords + 12, p.Sentence.Text);
        });
        var markdown = MarkdownRenderer.Render(digest);
        Assert.DoesNotContain("([arXiv", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("([Source", markdown, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Weeks))]
    public void Frames_each_section_with_a_first_sentence_in_the_items_own_phrases(string week)
    {
        var (digest, items) = issues[week];
        foreach (var section in digest.Sections.Where(s => s.Sentences.Count >= 3))
        {
            var frame = section.Sentences[0];
            Assert.Empty(frame.Names!);
            Assert.Equal(section.Sentences.Skip(1).Select(s => s.ItemIds[0]).Order(), frame.ItemIds.Order());
            var text = string.Join(" ", section.Items.Select(i => items[i.Id].Title + " " + items[i.Id].Summary)).ToLowerInvariant();
            var framed = frame.Text.TrimEnd('.');
            Assert.Matches(@"^[A-Z][a-z]+ (?:papers?|pieces?)(?: and (?:an?|one|[a-z]+) (?:papers?|pieces?))? on ", framed);
            var phrases = framed[(framed.IndexOf(" on ", StringComparison.Ordinal) + 4)..].Split([": ", ", with ", ", ", " and "], StringSplitOptions.RemoveEmptyEntries);
            Assert.All(phrases, phrase => Assert.Contains(phrase.Trim().ToLowerInvariant(), LatexText.ToUnicode(text), StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Weeks))]
    public void Leaves_no_latex_in_any_rendering(string week)
    {
        var digest = issues[week].Digest;
        var renderings = new Dictionary<string, string>
        {
            ["digest.md"] = Unescape(MarkdownRenderer.Render(digest)),
            ["digest.txt"] = TextRenderer.Render(digest),
            ["digest.html"] = WebUtility.HtmlDecode(EmailHtmlRenderer.Render(digest, EmailLinks.Preview())),
            ["discord.json"] = Unescape(string.Join("\n", Strings(JsonDocument.Parse(DiscordJson.SerializeAll(DiscordRenderer.Render(digest, null))).RootElement))),
            ["digest.json"] = string.Join("\n", Strings(JsonDocument.Parse(DigestJson.Serialize(digest)).RootElement)),
            ["atom"] = Unescape(WebUtility.HtmlDecode(RoundupBot.Web.IssuePageCache.RenderBody(digest))),
        };

        foreach (var (name, text) in renderings)
        {
            Assert.False(LatexText.HasLatex(text), $"{name} holds LaTeX: {Regex.Match(text, @".{0,40}(\$|\\[a-zA-Z]).{0,40}").Value}");
            Assert.DoesNotContain("\\frac", text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Weeks))]
    public void Gives_each_section_a_distinct_emoji_that_fits_its_field(string week)
    {
        var (digest, items) = issues[week];

        Assert.Equal(digest.Sections.Count, digest.Sections.Select(s => s.Emoji).Distinct().Count());
        Assert.All(digest.Sections, section =>
        {
            var field = section.Items.GroupBy(i => items[i.Id].Label).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
            Assert.True(FittingEmoji[field].Contains(section.Emoji), $"{section.Emoji} over '{section.Title}' ({field})");
        });
    }

    [Theory]
    [MemberData(nameof(Weeks))]
    public void Titles_sections_with_distinct_noun_phrases_of_two_to_six_words(string week)
    {
        var titles = issues[week].Digest.Sections.Select(s => s.Title).ToList();

        Assert.Equal(titles.Count, titles.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(titles, t => Assert.InRange(SentenceEditor.Words(t), 2, 6));
        Assert.All(titles, t => Assert.DoesNotContain("n't", t.Replace('’', '\''), StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Weeks))]
    public void Opens_with_an_intro_that_names_the_themes_in_reading_order_and_counts_with_grammar(string week)
    {
        var digest = issues[week].Digest;
        var firstLine = digest.Intro[..digest.Intro.IndexOf(". ", StringComparison.Ordinal)];

        var at = 0;
        foreach (var section in digest.Sections)
        {
            var found = firstLine.IndexOf(section.Title[1..], at, StringComparison.Ordinal);
            Assert.True(found >= at, $"'{section.Title}' is not in reading order in: {firstLine}");
            at = found;
        }

        Assert.Matches(@"RoundupBot read [\d,]+ papers, posts and articles from \d+ sources? this week", digest.Intro);
        Assert.DoesNotContain("from 1 sources", digest.Intro, StringComparison.Ordinal);
    }

    [Fact]
    public void Clusters_the_fixture_week_by_field_with_an_nmi_of_at_least_point_six()
    {
        var (digest, items) = issues["fixture"];
        var placed = digest.Sections.SelectMany((s, index) => s.Items.Select(i => (Section: index, items[i.Id].Label))).ToList();

        var nmi = NormalizedMutualInformation(placed.Select(p => p.Section).ToList(), placed.Select(p => p.Label).ToList());

        Assert.True(nmi >= 0.6, $"NMI {nmi:F3} is below 0.6");
    }

    [Fact]
    public async Task Builds_the_same_bytes_from_the_same_fixture_week()
    {
        var again = await Issues.BuildAsync(Issues.FixtureWeek());

        Assert.Equal(MarkdownRenderer.Render(issues["fixture"].Digest), MarkdownRenderer.Render(again.Digest));
        Assert.Equal(DigestJson.ContentHash(issues["fixture"].Digest), DigestJson.ContentHash(again.Digest));
    }

    private static string Unescape(string markdown) => MarkdownEscape().Replace(markdown, "$1");

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value)),
        _ => [],
    };

    private static double NormalizedMutualInformation(IReadOnlyList<int> clusters, IReadOnlyList<string> labels)
    {
        var n = (double)clusters.Count;
        var joint = clusters.Zip(labels).GroupBy(p => p).ToDictionary(g => g.Key, g => g.Count() / n);
        var pc = clusters.GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count() / n);
        var pl = labels.GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count() / n);
        var mi = joint.Sum(kv => kv.Value * Math.Log(kv.Value / (pc[kv.Key.First] * pl[kv.Key.Second])));
        var hc = -pc.Values.Sum(p => p * Math.Log(p));
        var hl = -pl.Values.Sum(p => p * Math.Log(p));
        return hc + hl == 0 ? 1 : 2 * mi / (hc + hl);
    }

    [GeneratedRegex(@"^(?:However|Furthermore|Moreover|Additionally|In addition|Thus|Therefore|Hence|Consequently|Nevertheless|To this end|In this (?:paper|work|study|context|survey)|Here,? we|This|These|Such|It|Its|They|Their|We|Our)\b")]
    private static partial Regex BadOpening();

    [GeneratedRegex(@"\\([\\`*_\[\]<>~|#:().!-])")]
    private static partial Regex MarkdownEscape();

    /// <summary>A built issue and, by item id, the item's label, title and summary as the week gave them.</summary>
    public sealed record Built(Digest Digest, Dictionary<long, (string Label, string Title, string Summary)> Items);

    /// <summary>The two issues, built once for the class.</summary>
    public sealed class Issues : IAsyncLifetime
    {
        private readonly Dictionary<string, Built> _built = [];

        public Built this[string week] => _built[week];

        public async Task InitializeAsync()
        {
            _built["labelled"] = await BuildAsync(EvaluationSet.Items.Select(i => new WeekItem(i.Label, "arXiv cs.LG", i.Title, $"https://arxiv.org/abs/2612.{i.Id:D5}", i.Summary, i.Id % 150)).ToList());
            _built["fixture"] = await BuildAsync(FixtureWeek());
        }

        public Task DisposeAsync() => Task.CompletedTask;

        public static List<WeekItem> FixtureWeek()
        {
            using var week = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "Week", "fixture-week.json")));
            return week.RootElement.EnumerateArray().Select(e => new WeekItem(
                e.GetProperty("label").GetString()!, e.GetProperty("source").GetString()!, e.GetProperty("title").GetString()!,
                e.GetProperty("link").GetString()!, e.GetProperty("summary").GetString()!, e.GetProperty("hoursAgo").GetInt32())).ToList();
        }

        /// <summary>Stores the week's items as they came (LaTeX and all, as items stored before ingestion converted it) and builds the issue.</summary>
        public static async Task<Built> BuildAsync(List<WeekItem> week)
        {
            await using var database = new TempDatabase();
            await using var store = await database.OpenMigratedAsync();
            var sources = new Dictionary<string, Source>(StringComparer.Ordinal);
            var byKey = new Dictionary<string, WeekItem>(StringComparer.Ordinal);
            var index = 0;
            foreach (var item in week)
            {
                if (!sources.TryGetValue(item.Source, out var source))
                {
                    source = await store.AddSourceAsync(new Source { Name = item.Source, Url = $"https://feeds.example.org/{sources.Count}" }, CancellationToken.None);
                    sources[item.Source] = source;
                }

                var key = $"url:{item.Link}";
                byKey[key] = item;
                await store.UpsertItemsAsync(source.Id, [new ItemCandidate
                {
                    CanonicalKey = key,
                    Title = item.Title,
                    Link = item.Link,
                    Summary = item.Summary,
                    Published = database.Time.GetUtcNow() - TimeSpan.FromHours(item.HoursAgo),
                    ContentHash = $"hash-{index++}",
                }], database.Time.GetUtcNow(), CancellationToken.None);
            }

            database.Time.Advance(TimeSpan.FromMinutes(5));
            var builder = new DigestBuilder(
                store,
                new EmbeddingService(store, SharedEmbedder.Instance, NullLogger<EmbeddingService>.Instance),
                new EmbeddedSummarizer(),
                database.Time,
                Options.Create(new RoundupOptions()));
            var digest = await builder.BuildAsync(null, CancellationToken.None);
            var stored = await store.ListItemsAsync(DateTimeOffset.MinValue, DateTimeOffset.MaxValue, CancellationToken.None);
            var items = stored.ToDictionary(i => i.Id, i => (byKey[i.CanonicalKey].Label, byKey[i.CanonicalKey].Title, byKey[i.CanonicalKey].Summary));
            return new Built(digest, items);
        }
    }

    /// <summary>One item of a week: its field, source, title, link, summary and age.</summary>
    public sealed record WeekItem(string Label, string Source, string Title, string Link, string Summary, int HoursAgo);
}
