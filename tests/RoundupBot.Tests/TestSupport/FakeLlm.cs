using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using RoundupBot.Summarization.Llm;

namespace RoundupBot.Tests.TestSupport;

/// <summary>
/// A fake language model on loopback: a real HTTP server answering OpenAI's <c>/v1/chat/completions</c> and Ollama's
/// <c>/api/chat</c> (streamed or not), so the real SDKs run. <see cref="Script"/> picks each answer; the default,
/// <see cref="Good"/>, writes a correct answer for any task from the items in the prompt. Counts the prompt tokens it
/// was sent (o200k) and reports them back as usage, as real servers do.
/// </summary>
public sealed class FakeLlm : IAsyncDisposable
{
    private static readonly string[] Emoji = ["🧠", "🔭", "🤖", "🧬", "⚛️", "🌍", "📊", "🛰️", "🧪", "💡", "🔬", "📚"];

    private readonly LoopbackServer _server;
    private readonly long _started = System.Diagnostics.Stopwatch.GetTimestamp();
    private readonly ConcurrentQueue<FakeLlmRequest> _requests = new();
    private int _count;

    private FakeLlm(LoopbackServer server)
    {
        _server = server;
        server.Map("/v1/chat/completions", context => HandleAsync(context, "openai"));
        server.Map("/api/chat", context => HandleAsync(context, "ollama"));
    }

    /// <summary>The OpenAI-compatible base URL (…/v1), for <c>Summarizer:Llm:Endpoint</c> with provider openai.</summary>
    public string OpenAiEndpoint => _server.Url("/v1").ToString();

    /// <summary>The server root, for provider ollama.</summary>
    public string OllamaEndpoint => _server.BaseUrl.ToString();

    /// <summary>Chooses each answer; <see cref="Good"/> unless a test sets it. Called once per request, in order.</summary>
    public Func<FakeLlmRequest, FakeLlmReply> Script { get; set; } = Good;

    public IReadOnlyList<FakeLlmRequest> Requests => [.. _requests.OrderBy(r => r.Index)];

    /// <summary>Every HTTP request with its headers (to check the Authorization header, and that retries happened).</summary>
    public IReadOnlyList<RecordedRequest> HttpRequests => _server.Requests;

    /// <summary>Prompt tokens of every request so far.</summary>
    public long InputTokens => _requests.Sum(r => (long)r.Tokens);

    /// <summary>Every text the server sent back (for checking that nothing it made up reached the digest).</summary>
    public ConcurrentQueue<string> Answers { get; } = new();

    public static async Task<FakeLlm> StartAsync()
    {
        // Loads the tokenizer's tables now, so the first request's answer is not late by their loading time.
        PromptTokenizer.Shared.Count("warm up");
        return new(await LoopbackServer.StartAsync());
    }

    /// <summary>Forgets the requests so far (between a first and a second run).</summary>
    public void Reset()
    {
        _requests.Clear();
        Answers.Clear();
    }

    /// <summary>A correct answer to any task: gists from titles, one sentence per item citing it, an intro without figures.</summary>
    public static FakeLlmReply Good(FakeLlmRequest request) => FakeLlmReply.Text(request.Task switch
    {
        "gists" => GoodGists(request),
        "section" => GoodSection(request),
        "intro" => """{"intro":"Welcome back to the roundup! A busy week in research: here is what stood out, each story linked to its source."}""",
        _ => "{}",
    });

    public static string GoodGists(FakeLlmRequest request)
    {
        var gists = new JsonArray();
        foreach (var item in request.Items)
        {
            gists.Add(new JsonObject { ["id"] = item.GetProperty("id").GetInt64(), ["gist"] = "Reports on " + item.GetProperty("title").GetString() });
        }

        return new JsonObject { ["gists"] = gists }.ToJsonString();
    }

    /// <summary>A good section answer as a JSON node, for scripts that spoil one part of it.</summary>
    public static JsonObject GoodSectionJson(FakeLlmRequest request)
    {
        var taken = request.System.Contains("is not one of", StringComparison.Ordinal)
            ? request.System[(request.System.IndexOf("is not one of", StringComparison.Ordinal) + 14)..].Split(';')[0].Split(' ')
            : [];
        var sentences = new JsonArray();
        foreach (var item in request.Items)
        {
            sentences.Add(new JsonObject
            {
                ["text"] = "Worth a look: " + item.GetProperty("title").GetString() + ".",
                ["ids"] = new JsonArray(item.GetProperty("id").GetInt64()),
            });
        }

        var first = request.Items[0].GetProperty("title").GetString()!;
        var words = string.Join(' ', first.Split(' ').Take(4));
        return new JsonObject
        {
            ["title"] = ("Notes on " + words)[..Math.Min(60, 9 + words.Length)],
            ["emoji"] = Emoji.First(e => !taken.Contains(e)),
            ["sentences"] = sentences,
        };
    }

    public static string GoodSection(FakeLlmRequest request) => GoodSectionJson(request).ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(HttpContext context, string protocol)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var root = body.RootElement.Clone();
        var messages = root.GetProperty("messages").EnumerateArray()
            .Select(m => (Role: m.GetProperty("role").GetString()!, Content: ContentOf(m)))
            .ToList();
        var system = messages.FirstOrDefault(m => m.Role == "system").Content ?? "";
        var task = system.Contains("Task: gists", StringComparison.Ordinal) ? "gists"
            : system.Contains("Task: section", StringComparison.Ordinal) ? "section"
            : system.Contains("Task: intro", StringComparison.Ordinal) ? "intro" : "unknown";
        var tokens = messages.Sum(m => PromptTokenizer.Shared.Count(m.Content) + PromptTokenizer.PerMessageOverhead) + 3;
        var request = new FakeLlmRequest(Interlocked.Increment(ref _count) - 1, protocol, task, messages, root, tokens,
            System.Diagnostics.Stopwatch.GetElapsedTime(_started).TotalSeconds);
        _requests.Enqueue(request);

        var reply = Script(request);
        if (reply.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(reply.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        if (reply.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        context.Response.StatusCode = reply.Status;
        context.Response.ContentType = "application/json";
        if (reply.Status != 200)
        {
            await context.Response.WriteAsync("""{"error":{"message":"scripted failure","type":"server_error"}}""", context.RequestAborted);
            return;
        }

        var content = reply.Content ?? "";
        Answers.Enqueue(content);
        var completion = PromptTokenizer.Shared.Count(content);
        var model = root.TryGetProperty("model", out var m) ? m.GetString() : "fake";
        if (protocol == "openai")
        {
            var json = new JsonObject
            {
                ["id"] = $"chatcmpl-{request.Index}",
                ["object"] = "chat.completion",
                ["created"] = 1_700_000_000,
                ["model"] = model,
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
                    ["finish_reason"] = "stop",
                }),
                ["usage"] = new JsonObject { ["prompt_tokens"] = tokens, ["completion_tokens"] = completion, ["total_tokens"] = tokens + completion },
            };
            await context.Response.WriteAsync(json.ToJsonString(), context.RequestAborted);
            return;
        }

        var stream = !root.TryGetProperty("stream", out var s) || s.ValueKind != JsonValueKind.False;
        var done = new JsonObject
        {
            ["model"] = model,
            ["created_at"] = "2025-01-06T08:00:00Z",
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = stream ? "" : content },
            ["done"] = true,
            ["done_reason"] = "stop",
            ["prompt_eval_count"] = tokens,
            ["eval_count"] = completion,
        };
        if (!stream)
        {
            await context.Response.WriteAsync(done.ToJsonString(), context.RequestAborted);
            return;
        }

        context.Response.ContentType = "application/x-ndjson";
        var chunk = new JsonObject
        {
            ["model"] = model,
            ["created_at"] = "2025-01-06T08:00:00Z",
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
            ["done"] = false,
        };
        await context.Response.WriteAsync(chunk.ToJsonString() + "\n" + done.ToJsonString() + "\n", Encoding.UTF8, context.RequestAborted);
    }

    private static string ContentOf(JsonElement message)
    {
        var content = message.GetProperty("content");
        return content.ValueKind switch
        {
            JsonValueKind.String => content.GetString()!,
            // OpenAI's SDK may send content as parts: [{ "type": "text", "text": "…" }].
            JsonValueKind.Array => string.Concat(content.EnumerateArray().Select(p => p.TryGetProperty("text", out var t) ? t.GetString() : "")),
            _ => "",
        };
    }
}
