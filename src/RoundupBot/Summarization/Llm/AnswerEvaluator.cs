using System.Globalization;
using System.Text.Json;
using RoundupBot.Model;

namespace RoundupBot.Summarization.Llm;

/// <summary>
/// Decides whether a model's answer may be printed. Every answer is checked against every rule, and every finding is
/// returned (the retry prompt lists them all): valid JSON in the schema; citations only of this section's items;
/// every item cited; no URL, e-mail address or domain name anywhere in the model's text; every figure of a sentence
/// found in the text of an item it cites; one emoji; lengths within limits; no sentence twice. Keys outside the schema
/// are reported and ignored: their values never reach the digest. Pure and thread-safe.
/// </summary>
public static class AnswerEvaluator
{
    /// <summary>Judges a gist answer for <paramref name="batch"/>.</summary>
    public static GistVerdict Gists(string? answer, IReadOnlyList<PromptItem> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var findings = new List<Finding>();
        var accepted = new Dictionary<long, string>();
        using var document = AnswerParser.Parse(answer, out var invalid);
        if (document is null)
        {
            findings.Add(invalid!);
            return new GistVerdict(accepted, batch.Select(i => i.Id).ToList(), findings);
        }

        var root = document.RootElement;
        ExtraKeys(root, "the answer", findings, "gists");
        if (!root.TryGetProperty("gists", out var gists) || gists.ValueKind != JsonValueKind.Array)
        {
            findings.Add(new Finding(FindingKind.Schema, "The answer has no \"gists\" array."));
            return new GistVerdict(accepted, batch.Select(i => i.Id).ToList(), findings);
        }

        var items = batch.ToDictionary(i => i.Id);
        var bad = new HashSet<long>();
        foreach (var entry in gists.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object || !TryGetId(entry, "id", out var id) || !TryGetString(entry, "gist", out var gist))
            {
                findings.Add(new Finding(FindingKind.Schema, "Each entry of \"gists\" needs a number \"id\" and a string \"gist\"."));
                continue;
            }

            ExtraKeys(entry, $"the gist of item {id}", findings, "id", "gist");
            if (!items.TryGetValue(id, out var item))
            {
                findings.Add(new Finding(FindingKind.UnknownCitation, $"Id {id} is not one of the items given."));
                continue;
            }

            var before = findings.Count(f => f.Rejects);
            if (gist.Trim().Length == 0 || gist.Length > LlmPrompts.MaxGistLength)
            {
                findings.Add(new Finding(FindingKind.Length, $"The gist of item {id} must have 1 to {LlmPrompts.MaxGistLength} characters; it has {gist.Length}."));
            }

            CheckText(gist, $"the gist of item {id}", [item.FullText], findings);
            if (findings.Count(f => f.Rejects) > before || accepted.ContainsKey(id))
            {
                bad.Add(id);
                accepted.Remove(id);
                continue;
            }

            accepted[id] = gist.Trim();
        }

        foreach (var item in batch.Where(i => !accepted.ContainsKey(i.Id) && !bad.Contains(i.Id)))
        {
            findings.Add(new Finding(FindingKind.UncitedItem, $"Item {item.Id} has no gist."));
        }

        return new GistVerdict(accepted, batch.Where(i => !accepted.ContainsKey(i.Id)).Select(i => i.Id).ToList(), findings);
    }

    /// <summary>Judges a section answer. The draft is null when any finding rejects it.</summary>
    public static (SectionDraft? Draft, IReadOnlyList<Finding> Findings) Section(string? answer, SectionScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var findings = new List<Finding>();
        using var document = AnswerParser.Parse(answer, out var invalid);
        if (document is null)
        {
            return (null, [invalid!]);
        }

        var root = document.RootElement;
        ExtraKeys(root, "the answer", findings, "title", "emoji", "sentences");
        var own = scope.Items.ToDictionary(i => i.Id);
        var sectionText = scope.Items.Select(i => (string?)i.FullText).ToList();

        if (!TryGetString(root, "title", out var title))
        {
            findings.Add(new Finding(FindingKind.Schema, "The answer needs a string \"title\"."));
        }
        else
        {
            title = title.Trim();
            if (title.Length is < LlmPrompts.MinTitleLength or > LlmPrompts.MaxTitleLength)
            {
                findings.Add(new Finding(FindingKind.Length, $"The title must have {LlmPrompts.MinTitleLength} to {LlmPrompts.MaxTitleLength} characters; it has {title.Length}."));
            }

            CheckText(title, "the title", sectionText, findings);
        }

        if (!TryGetString(root, "emoji", out var emoji))
        {
            findings.Add(new Finding(FindingKind.Schema, "The answer needs a string \"emoji\"."));
        }
        else if (!TextRules.IsOneEmoji(emoji.Trim()))
        {
            findings.Add(new Finding(FindingKind.Emoji, $"\"emoji\" must be exactly one emoji; got \"{Quote(emoji)}\"."));
        }

        var sentences = new List<Sentence>();
        if (!root.TryGetProperty("sentences", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            findings.Add(new Finding(FindingKind.Schema, "The answer needs a \"sentences\" array."));
        }
        else
        {
            var seen = new HashSet<string>(scope.EarlierSentences, StringComparer.Ordinal);
            var cited = new HashSet<long>();
            var number = 0;
            foreach (var entry in list.EnumerateArray())
            {
                number++;
                if (entry.ValueKind != JsonValueKind.Object || !TryGetString(entry, "text", out var text)
                    || !entry.TryGetProperty("ids", out var idsElement) || idsElement.ValueKind != JsonValueKind.Array)
                {
                    findings.Add(new Finding(FindingKind.Schema, $"Sentence {number} needs a string \"text\" and an \"ids\" array of numbers."));
                    continue;
                }

                ExtraKeys(entry, $"sentence {number}", findings, "text", "ids");
                text = text.Trim();
                var ids = new List<long>();
                foreach (var idElement in idsElement.EnumerateArray())
                {
                    if (idElement.ValueKind != JsonValueKind.Number || !idElement.TryGetInt64(out var id))
                    {
                        findings.Add(new Finding(FindingKind.Schema, $"Sentence {number}: every id must be a number."));
                        continue;
                    }

                    if (own.ContainsKey(id))
                    {
                        if (!ids.Contains(id))
                        {
                            ids.Add(id);
                        }

                        cited.Add(id);
                    }
                    else if (scope.IssueItemIds.Contains(id))
                    {
                        findings.Add(new Finding(FindingKind.ForeignCitation, $"Sentence {number} cites item {id}, which belongs to another section; cite only the items given."));
                    }
                    else
                    {
                        findings.Add(new Finding(FindingKind.UnknownCitation, $"Sentence {number} cites id {id}, which is no item given."));
                    }
                }

                if (idsElement.GetArrayLength() == 0)
                {
                    findings.Add(new Finding(FindingKind.UncitedSentence, $"Sentence {number} cites no item; every sentence cites the items it is about."));
                }

                if (text.Length is < LlmPrompts.MinSentenceLength or > LlmPrompts.MaxSentenceLength)
                {
                    findings.Add(new Finding(FindingKind.Length, $"Sentence {number} must have {LlmPrompts.MinSentenceLength} to {LlmPrompts.MaxSentenceLength} characters; it has {text.Length}."));
                }

                CheckText(text, $"sentence {number}", ids.Select(id => (string?)own[id].FullText), findings);
                if (!seen.Add(SentenceKey(text)))
                {
                    findings.Add(new Finding(FindingKind.RepeatedSentence, $"Sentence {number} repeats an earlier sentence."));
                }

                sentences.Add(new Sentence(text, ids));
            }

            var max = LlmPrompts.MaxSentences(scope.Items.Count);
            var min = Math.Min(2, scope.Items.Count);
            if (sentences.Count < min || sentences.Count > max)
            {
                findings.Add(new Finding(FindingKind.Length, $"Write {min} to {max} sentences; the answer has {sentences.Count}."));
            }

            foreach (var item in scope.Items.Where(i => !cited.Contains(i.Id)))
            {
                findings.Add(new Finding(FindingKind.UncitedItem, $"Item {item.Id} is cited by no sentence; cite every item at least once."));
            }
        }

        return findings.Any(f => f.Rejects) ? (null, findings) : (new SectionDraft(title, emoji.Trim(), sentences), findings);
    }

    /// <summary>Judges an intro answer; figures may only be those of <paramref name="facts"/> (the issue's numbers and the sections' text).</summary>
    public static (string? Intro, IReadOnlyList<Finding> Findings) Intro(string? answer, IReadOnlyList<string> facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var findings = new List<Finding>();
        using var document = AnswerParser.Parse(answer, out var invalid);
        if (document is null)
        {
            return (null, [invalid!]);
        }

        var root = document.RootElement;
        ExtraKeys(root, "the answer", findings, "intro");
        if (!TryGetString(root, "intro", out var intro))
        {
            findings.Add(new Finding(FindingKind.Schema, "The answer needs a string \"intro\"."));
            return (null, findings);
        }

        intro = intro.Trim();
        if (intro.Length is < LlmPrompts.MinIntroLength or > LlmPrompts.MaxIntroLength)
        {
            findings.Add(new Finding(FindingKind.Length, $"The intro must have {LlmPrompts.MinIntroLength} to {LlmPrompts.MaxIntroLength} characters; it has {intro.Length}."));
        }

        CheckText(intro, "the intro", facts, findings);
        var sentences = intro.Split(['.', '!', '?'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(s => s.Length > 0).Select(SentenceKey).ToList();
        if (sentences.Count != sentences.Distinct(StringComparer.Ordinal).Count())
        {
            findings.Add(new Finding(FindingKind.RepeatedSentence, "The intro repeats a sentence."));
        }

        return findings.Any(f => f.Rejects) ? (null, findings) : (intro, findings);
    }

    /// <summary>A sentence reduced to its lower-case letters and digits, so that case, spacing and punctuation do not hide a repeat.</summary>
    public static string SentenceKey(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.Concat(text.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant));
    }

    /// <summary>The checks every piece of model text gets: no link of any kind, no figure its sources do not state.</summary>
    private static void CheckText(string text, string where, IEnumerable<string?> sources, List<Finding> findings)
    {
        if (TextRules.FindLink(text) is { } link)
        {
            findings.Add(new Finding(FindingKind.Url, $"{Capitalize(where)} contains a link or domain name (\"{Quote(link)}\"); never write URLs or domains, cite item ids instead."));
        }

        foreach (var figure in NumberFacts.Unsupported(text, sources))
        {
            findings.Add(new Finding(FindingKind.InventedNumber, $"{Capitalize(where)} states \"{Quote(figure.Text)}\", which is not in the text of the items it cites; use only figures from those items, or none."));
        }
    }

    private static void ExtraKeys(JsonElement element, string where, List<Finding> findings, params string[] allowed)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!allowed.Contains(property.Name, StringComparer.Ordinal))
            {
                findings.Add(new Finding(FindingKind.ExtraKey, $"{Capitalize(where)} has a key outside the schema (\"{Quote(property.Name)}\"); it was ignored.", Rejects: false));
            }
        }
    }

    private static bool TryGetString(JsonElement element, string name, out string value)
    {
        if (element.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.String)
        {
            value = property.GetString()!;
            return true;
        }

        value = "";
        return false;
    }

    private static bool TryGetId(JsonElement element, string name, out long value)
    {
        value = 0;
        return element.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.Number && property.TryGetInt64(out value);
    }

    /// <summary>Model text quoted in a finding, kept short so a finding cannot smuggle a page of text into the retry prompt.</summary>
    private static string Quote(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 57), "…");

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpper(text[0], CultureInfo.InvariantCulture) + text[1..];
}
