using System.ClientModel;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OllamaSharp;
using OllamaSharp.Models;
using RoundupBot.Model;
using RoundupBot.Storage;
using RoundupBot.Summarization.Embedded;
using RoundupBot.Summarization.Selection;

namespace RoundupBot.Summarization.Llm;

/// <summary>
/// The LLM engine: rewrites the embedded engine's sections and intro with a language model, keeping its selection,
/// clusters, items and other reads. Map-reduce: first a one-sentence gist per item (map; cached in the store by content
/// hash, model and prompt version, and packed into as few calls as the per-call token budget allows), then one call per
/// section that writes title, emoji and cited sentences from the gists (reduce; a section too large for one call is
/// written in parts), then one call for the intro. Every answer passes <see cref="AnswerEvaluator"/> or is asked again
/// once with the findings; a part still failing keeps the embedded engine's text, and so does everything after a call
/// that failed even with its transport retries (the model is treated as down for the rest of the build, so an outage
/// costs one retry budget, not one per section). Never throws for the model's sake: an issue is always produced.
/// </summary>
public sealed class LlmSummarizer(
    LlmChatClientFactory clients,
    IRoundupStore store,
    LlmHttpRetries httpRetries,
    IOptions<SummarizerOptions> options,
    ILogger<LlmSummarizer> logger)
{
    public const string EngineName = "llm";

    /// <summary>Tokens of each call's budget kept free for the retry's extra messages (the rejected answer and the findings).</summary>
    private const int RetryReserve = 1_000;

    /// <summary>Output tokens one gist needs at most (30 words and its JSON), for sizing gist batches.</summary>
    private const int TokensPerGist = 64;

    private readonly PromptTokenizer _tokenizer = PromptTokenizer.Shared;
    private readonly ExtractiveSummarizer _extractive = new();

    /// <summary>True when <c>Summarizer:Engine</c> is <c>llm</c>.</summary>
    public bool IsEnabled => string.Equals(options.Value.Engine?.Trim(), EngineName, StringComparison.OrdinalIgnoreCase);

    /// <param name="sections">Each section's items, best first, as the embedded engine got them.</param>
    /// <param name="fallbackSections">The embedded engine's sections, in the same order: each kept where the model's fails.</param>
    /// <param name="fallbackIntro">The embedded engine's intro.</param>
    /// <param name="context">The issue's number and how much was read.</param>
    /// <param name="cancellationToken">Cancels the build (not a fallback: the caller sees the cancellation).</param>
    public async Task<LlmWritten> WriteAsync(
        IReadOnlyList<IReadOnlyList<RankedItem>> sections, IReadOnlyList<Section> fallbackSections, string fallbackIntro, IntroContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sections);
        ArgumentNullException.ThrowIfNull(fallbackSections);
        ArgumentNullException.ThrowIfNull(fallbackIntro);
        ArgumentNullException.ThrowIfNull(context);
        if (sections.Count != fallbackSections.Count)
        {
            throw new ArgumentException("Every section needs its embedded fallback.", nameof(fallbackSections));
        }

        var llm = options.Value.Llm;
        var provider = LlmChatClientFactory.IsOllama(llm) ? "ollama" : "openai";
        var model = llm.Model ?? "";
        var run = new LlmRun();
        var retriesBefore = httpRetries.Count;
        using var client = clients.Create();

        var prompts = sections.Select(s => (IReadOnlyList<PromptItem>)s.Select(r => PromptItem.From(r.Item, r.SourceName, _tokenizer)).ToList()).ToList();
        var gists = await GistsAsync(client, prompts.SelectMany(p => p).DistinctBy(p => p.Id).ToList(), $"{provider}:{model}", run, cancellationToken);

        var issueIds = prompts.SelectMany(p => p).Select(p => p.Id).ToHashSet();
        var sentenceKeys = new HashSet<string>(StringComparer.Ordinal);
        var emoji = new List<string>();
        var written = new List<Section>(sections.Count);
        for (var i = 0; i < sections.Count; i++)
        {
            var part = $"section {i + 1}";
            var (draft, reason) = await SectionAsync(client, prompts[i], gists, new SectionScope(prompts[i], issueIds, sentenceKeys), emoji, part, run, cancellationToken);
            if (draft is null)
            {
                run.FallBack(part, reason!);
                Log.FellBack(logger, part, reason!);
                written.Add(fallbackSections[i]);
            }
            else
            {
                written.Add(fallbackSections[i] with { Title = draft.Title, Emoji = draft.Emoji, Sentences = draft.Sentences });
            }

            emoji.Add(written[i].Emoji);
            foreach (var sentence in written[i].Sentences)
            {
                sentenceKeys.Add(AnswerEvaluator.SentenceKey(sentence.Text));
            }
        }

        var (intro, introReason) = await IntroAsync(client, context, written, run, cancellationToken);
        if (intro is null)
        {
            run.FallBack("intro", introReason!);
            Log.FellBack(logger, "intro", introReason!);
        }

        var report = run.ToReport(provider, model, (int)(httpRetries.Count - retriesBefore));
        Log.Wrote(logger, model, report.Calls, report.InputTokens, report.OutputTokens, report.CacheHits, report.Retries, report.Fallbacks.Count);
        return new LlmWritten(written, intro ?? fallbackIntro, report);
    }

    /// <summary>
    /// A gist for every item: from the store where the same text already has one for this model and prompt version,
    /// otherwise from the model in as few calls as the budget allows (each rejected gist asked again once); an item the
    /// model gives no acceptable gist gets its own first sentences instead, which are not cached.
    /// </summary>
    private async Task<Dictionary<long, string>> GistsAsync(IChatClient client, IReadOnlyList<PromptItem> items, string cacheModel, LlmRun run, CancellationToken cancellationToken)
    {
        var cached = await store.GetGistsAsync(items.Select(i => i.Item).ToList(), cacheModel, LlmPrompts.Version, cancellationToken);
        var gists = new Dictionary<long, string>(cached);
        run.CacheHits = cached.Count;
        var missing = items.Where(i => !gists.ContainsKey(i.Id)).ToList();
        var llm = options.Value.Llm;
        var batches = Pack(missing, i => _tokenizer.Count(LlmPrompts.Entry(i, null, withAbstract: true)) + 3,
            _tokenizer.Count(LlmPrompts.Gists([])), Math.Max(1, llm.MaxOutputTokens / TokensPerGist));
        var number = 0;
        foreach (var batch in batches)
        {
            number++;
            var purpose = batches.Count == 1 ? "gists" : $"gists {number}/{batches.Count}";
            // A gist accepted in the first answer stays accepted: the retry only has to bring the rest.
            var accepted = new Dictionary<long, string>();
            var callsBefore = run.Calls;
            await AskWithRetryAsync(client, LlmPrompts.Gists(batch), purpose, run, answer =>
            {
                var verdict = AnswerEvaluator.Gists(answer, batch);
                foreach (var (id, gist) in verdict.Accepted)
                {
                    accepted.TryAdd(id, gist);
                }

                return (batch.All(i => accepted.ContainsKey(i.Id)) ? accepted : null, verdict.Findings);
            }, cancellationToken);
            run.GistCalls += run.Calls - callsBefore;

            var rows = new List<(string ContentHash, string Gist)>();
            foreach (var item in batch)
            {
                if (accepted.TryGetValue(item.Id, out var gist))
                {
                    gists[item.Id] = gist;
                    rows.Add((item.Item.ContentHash, gist));
                }
                else
                {
                    gists[item.Id] = PromptText.Clean(_extractive.Describe(item.Item));
                    run.GistFallbacks++;
                }
            }

            await store.SaveGistsAsync(rows, cacheModel, LlmPrompts.Version, cancellationToken);
            run.GistsWritten += rows.Count;
        }

        return gists;
    }

    /// <summary>One section (in parts when its entries exceed the budget); null and the reason when it must fall back.</summary>
    private async Task<(SectionDraft? Draft, string? Reason)> SectionAsync(
        IChatClient client, IReadOnlyList<PromptItem> items, Dictionary<long, string> gists, SectionScope scope, List<string> takenEmoji, string part, LlmRun run, CancellationToken cancellationToken)
    {
        var entries = items.Select(i => (Item: i, Gist: gists[i.Id])).ToList();
        var parts = Pack(entries, e => _tokenizer.Count(LlmPrompts.Entry(e.Item, e.Gist, withAbstract: false)) + 3,
            _tokenizer.Count(LlmPrompts.Section([], takenEmoji, (1, 1))), int.MaxValue);
        SectionDraft? whole = null;
        var earlier = new HashSet<string>(scope.EarlierSentences, StringComparer.Ordinal);
        for (var p = 0; p < parts.Count; p++)
        {
            var purpose = parts.Count == 1 ? part : $"{part} (part {p + 1}/{parts.Count})";
            var partScope = scope with { Items = parts[p].Select(e => e.Item).ToList(), EarlierSentences = earlier };
            var messages = LlmPrompts.Section(parts[p], takenEmoji, (p + 1, parts.Count));
            var (draft, reason) = await AskWithRetryAsync(client, messages, purpose, run, answer => AnswerEvaluator.Section(answer, partScope), cancellationToken);
            if (draft is null)
            {
                return (null, reason);
            }

            // The first part holds the best-ranked items, so its title and emoji speak for the section.
            whole = whole is null ? draft : whole with { Sentences = [.. whole.Sentences, .. draft.Sentences] };
            foreach (var sentence in draft.Sentences)
            {
                earlier.Add(AnswerEvaluator.SentenceKey(sentence.Text));
            }
        }

        return (whole, null);
    }

    private async Task<(string? Intro, string? Reason)> IntroAsync(IChatClient client, IntroContext context, IReadOnlyList<Section> sections, LlmRun run, CancellationToken cancellationToken)
    {
        var summaries = sections.Select(s => (s.Emoji, s.Title, Summary: s.Sentences.Count > 0 ? s.Sentences[0].Text : "")).ToList();
        var messages = LlmPrompts.Intro(context, summaries);
        // The intro's figures may be the issue's own numbers or any figure the sections state.
        var facts = new List<string> { messages[1].Text };
        facts.AddRange(sections.SelectMany(s => s.Sentences.Select(x => x.Text).Append(s.Title)));
        return await AskWithRetryAsync(client, messages, "intro", run, answer => AnswerEvaluator.Intro(answer, facts), cancellationToken);
    }

    /// <summary>
    /// Asks, evaluates, and asks once more with the findings; the result, or null and why not. <paramref name="evaluate"/>
    /// runs once per answer, so it may gather what each answer got right (the gists do).
    /// </summary>
    private async Task<(T? Result, string? Reason)> AskWithRetryAsync<T>(
        IChatClient client, IList<ChatMessage> messages, string purpose, LlmRun run, Func<string, (T? Result, IReadOnlyList<Finding> Findings)> evaluate, CancellationToken cancellationToken)
        where T : class
    {
        IReadOnlyList<Finding> findings = [];
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            var answer = run.ModelDown is null ? await AskAsync(client, messages, purpose, run, cancellationToken) : null;
            if (answer is null)
            {
                return (null, attempt == 1
                    ? $"the model is unavailable ({run.ModelDown})"
                    : $"the answer failed the evaluator ({Summary(findings)}) and the retry could not be sent ({run.ModelDown})");
            }

            (var result, findings) = evaluate(answer);
            run.Record(findings);
            if (result is not null)
            {
                return (result, null);
            }

            var rejecting = findings.Where(f => f.Rejects).ToList();
            var rejected = Summary(rejecting);
            Log.AnswerRejected(logger, purpose, attempt, rejected);

            if (attempt == 1)
            {
                run.Retries++;
                messages.Add(new ChatMessage(ChatRole.Assistant, answer));
                messages.Add(LlmPrompts.Retry(rejecting));
            }
        }

        return (null, $"the answer failed the evaluator twice ({Summary(findings)})");
    }

    /// <summary>
    /// One chat request; the answer's text, or null when the call failed even after the transport retries (then the
    /// model counts as down for the rest of the build).
    /// </summary>
    private async Task<string?> AskAsync(IChatClient client, IList<ChatMessage> messages, string purpose, LlmRun run, CancellationToken cancellationToken)
    {
        var llm = options.Value.Llm;
        var inputTokens = _tokenizer.Count(messages);
        if (logger.IsEnabled(LogLevel.Debug))
        {
            var prompt = string.Join("\n---\n", messages.Select(m => $"[{m.Role}] {m.Text}"));
            Log.Prompt(logger, purpose, inputTokens, prompt);
        }

        var chatOptions = new ChatOptions
        {
            ModelId = llm.Model,
            MaxOutputTokens = llm.MaxOutputTokens,
            Temperature = (float)llm.Temperature,
            ResponseFormat = llm.JsonMode ? ChatResponseFormat.Json : null,
        };
        if (LlmChatClientFactory.IsOllama(llm))
        {
            // Ollama's default context (2,048 tokens or so) would silently cut a full prompt; ask for what a call can need.
            chatOptions.AddOllamaOption(OllamaOption.NumCtx, llm.MaxInputTokens + llm.MaxOutputTokens);
        }

        run.Calls++;
        try
        {
            var response = await client.GetResponseAsync(messages, chatOptions, cancellationToken);
            var text = response.Text ?? "";
            run.InputTokens += response.Usage?.InputTokenCount ?? inputTokens;
            run.OutputTokens += response.Usage?.OutputTokenCount ?? _tokenizer.Count(text);
            if (logger.IsEnabled(LogLevel.Debug))
            {
                Log.Answer(logger, purpose, text);
            }

            return text;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not OutOfMemoryException)
        {
            // Whatever the transport or the SDK throws, the issue goes on without the model.
            run.FailedCalls++;
            run.ModelDown = Describe(ex);
            Log.CallFailed(logger, purpose, run.ModelDown);
            return null;
        }
    }

    /// <summary>
    /// Splits <paramref name="entries"/>, in order, into runs whose prompt fits the per-call budget (less the retry
    /// reserve) and holds at most <paramref name="maxCount"/> entries. Never drops one: an entry larger than the budget
    /// on its own still gets a call of its own (entries are trimmed, so that does not happen in practice).
    /// </summary>
    private List<List<T>> Pack<T>(IReadOnlyList<T> entries, Func<T, int> cost, int fixedCost, int maxCount)
    {
        var max = options.Value.Llm.MaxInputTokens;
        var budget = max - Math.Min(RetryReserve, max / 4) - fixedCost;
        var batches = new List<List<T>>();
        var current = new List<T>();
        var used = 0;
        foreach (var entry in entries)
        {
            var tokens = cost(entry);
            if (current.Count > 0 && (used + tokens > budget || current.Count >= maxCount))
            {
                batches.Add(current);
                current = [];
                used = 0;
            }

            current.Add(entry);
            used += tokens;
        }

        if (current.Count > 0)
        {
            batches.Add(current);
        }

        return batches;
    }

    private static string Summary(IEnumerable<Finding> findings)
    {
        var counts = findings.Where(f => f.Rejects).GroupBy(f => f.KindName).Select(g => g.Count() == 1 ? g.Key : $"{g.Key} ×{g.Count()}").ToList();
        return counts.Count == 0 ? "no usable answer" : string.Join(", ", counts);
    }

    /// <summary>A transport failure in a few words; never a header, a body or the key.</summary>
    private static string Describe(Exception exception) => exception switch
    {
        ClientResultException { Status: > 0 } result => $"HTTP {result.Status}",
        HttpRequestException { StatusCode: { } status } => $"HTTP {(int)status} ({status})",
        HttpRequestException http when http.InnerException is not null => $"connection failed ({http.InnerException.GetType().Name})",
        TimeoutException or Polly.Timeout.TimeoutRejectedException or TaskCanceledException => "timed out",
        _ when exception.InnerException is Polly.Timeout.TimeoutRejectedException => "timed out",
        _ => exception.GetType().Name,
    };
}
