using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RoundupBot.Tests.TestSupport;

/// <summary>
/// A fake Discord API on 127.0.0.1 (real Kestrel, as <see cref="LoopbackServer"/>) that executes webhooks the way
/// Discord does: <c>POST /api/v10/webhooks/{id}/{token}[?wait=true][&amp;thread_id=]</c> and <c>GET</c> of the same path.
/// </summary>
/// <remarks>
/// <para>
/// Every body is validated against Discord's own schema <c>IncomingWebhookRequestPartial</c> (with <c>RichEmbed</c> and
/// everything they reference), copied from the official OpenAPI description into <c>TestData/Discord</c>, with
/// formats checked; then against the rules the schema cannot say: at most 6,000 characters over all embeds, no empty
/// message, no empty embed or field, no empty string at all (Discord refuses "" for an optional URL), forum webhooks
/// need <c>thread_name</c> or <c>thread_id</c>. Unlike Discord it refuses unknown keys, so a misspelt (camelCase) key
/// fails a test instead of being silently dropped. A broken rule is a 400 with Discord's <c>errors</c> tree.
/// </para>
/// <para>
/// Rate limits are fixed windows: per webhook (<see cref="FakeWebhook.Limit"/>, default
/// <see cref="DefaultWebhookLimit"/>), announced in <c>X-RateLimit-*</c> headers with one bucket hash for the route,
/// and optionally over all requests (<see cref="GlobalLimit"/>), which Discord does not announce. Past a limit comes a
/// 429 with <c>retry_after</c> (and <c>"global": true</c> plus <c>X-RateLimit-Global</c> for the global one). A request
/// that arrives before the <c>retry_after</c> its webhook was given is recorded in <see cref="Violations"/>.
/// </para>
/// <para>
/// A deleted webhook answers 404 with code 10015, a wrong token 401 with code 50027, and <see cref="FakeWebhook.FailNext"/>
/// queues 5xx answers. Every request is recorded with its arrival time and answer (<see cref="Requests"/>), every
/// accepted message in order (<see cref="Messages"/>).
/// </para>
/// </remarks>
public sealed partial class FakeDiscord : IAsyncDisposable
{
    /// <summary>The bucket hash Discord shares between all webhooks' execute routes (the webhook is the major parameter).</summary>
    public const string ExecuteBucket = "8f0b1b0b4c7e2d6a9e3f5a1c0d2b4e6f";

    private static readonly Lazy<JsonSchema> Schema = new(LoadSchema);
    private static readonly Regex MentionPattern = new(@"@(everyone|here)|<@!?(\d+)>|<@&(\d+)>", RegexOptions.Compiled);

    private readonly WebApplication _app;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, FakeWebhook> _webhooks = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<FakeDiscordRequest> _requests = new();
    private readonly ConcurrentQueue<string> _violations = new();
    private readonly List<FakeDiscordMessage> _messages = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private long _nextSnowflake = 1_200_000_000_000_000_000;
    private DateTimeOffset _globalWindowStart = DateTimeOffset.MinValue;
    private int _globalCount;

    private FakeDiscord(WebApplication app, TimeProvider time)
    {
        _app = app;
        _time = time;
    }

    /// <summary>The limit a webhook gets unless it is given its own. <value>Default 5 requests per 2 seconds, as Discord's webhooks.</value></summary>
    public FakeRateLimit DefaultWebhookLimit { get; set; } = new(5, TimeSpan.FromSeconds(2));

    /// <summary>A limit over all requests, which Discord does not announce in headers; null for none. <value>Default null.</value></summary>
    public FakeRateLimit? GlobalLimit { get; set; }

    /// <summary>Where the API is: the value for <c>Discord:ApiBaseUrl</c>, e.g. <c>http://127.0.0.1:54321/api/v10</c>.</summary>
    public string ApiBaseUrl { get; private set; } = "";

    /// <summary>Every request so far, in arrival order.</summary>
    public IReadOnlyList<FakeDiscordRequest> Requests => [.. _requests];

    /// <summary>Every accepted message, in arrival order.</summary>
    public IReadOnlyList<FakeDiscordMessage> Messages
    {
        get
        {
            lock (_gate)
            {
                return [.. _messages];
            }
        }
    }

    /// <summary>Requests that came before the <c>retry_after</c> their webhook was told to wait: should stay empty.</summary>
    public IReadOnlyList<string> Violations => [.. _violations];

    /// <summary>How many 429s were answered.</summary>
    public int TooManyRequestsCount => _requests.Count(r => r.StatusCode == StatusCodes.Status429TooManyRequests);

    public static async Task<FakeDiscord> StartAsync(TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        _ = Schema.Value;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(1));
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 1024 * 1024);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeDiscord(app, timeProvider ?? TimeProvider.System);
        app.Run(fake.DispatchAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        fake.ApiBaseUrl = address.TrimEnd('/') + "/api/v10";
        return fake;
    }

    /// <summary>Creates a webhook in a new channel (a forum channel when <paramref name="forum"/>).</summary>
    public FakeWebhook AddWebhook(bool forum = false, FakeRateLimit? limit = null)
    {
        var id = NextSnowflake();
        var webhook = new FakeWebhook(id, "tok-" + Guid.NewGuid().ToString("N"), NextSnowflake(), forum, limit ?? DefaultWebhookLimit);
        _webhooks[id] = webhook;
        return webhook;
    }

    /// <summary>Deletes the webhook: from now on it answers 404 with code 10015.</summary>
    public void Delete(FakeWebhook webhook) => _webhooks.TryRemove(webhook.Id, out _);

    /// <summary>The accepted messages of one webhook, in order.</summary>
    public IReadOnlyList<FakeDiscordMessage> MessagesOf(FakeWebhook webhook) => Messages.Where(m => m.WebhookId == webhook.Id).ToList();

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await _app.StopAsync(stopping.Token);
        }
        catch (OperationCanceledException)
        {
            // A stuck connection must not hang the test run.
        }

        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private string NextSnowflake() => Interlocked.Increment(ref _nextSnowflake).ToString(CultureInfo.InvariantCulture);

    private async Task DispatchAsync(HttpContext context)
    {
        var arrived = _time.GetUtcNow();
        var request = context.Request;
        var segments = (request.Path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (await DispatchApplicationAsync(context, arrived, segments))
        {
            return;
        }

        // api / v10 / webhooks / {id} / {token}
        if (segments.Length != 5 || segments[0] != "api" || segments[1] != "v10" || segments[2] != "webhooks")
        {
            await AnswerAsync(context, arrived, null, 404, new JsonObject { ["message"] = "404: Not Found", ["code"] = 0 });
            return;
        }

        var (id, token) = (segments[3], segments[4]);
        string body;
        using (var reader = new StreamReader(request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        if (!_webhooks.TryGetValue(id, out var webhook))
        {
            await AnswerAsync(context, arrived, id, 404, new JsonObject { ["message"] = "Unknown Webhook", ["code"] = 10015 }, body);
            return;
        }

        if (!string.Equals(webhook.Token, token, StringComparison.Ordinal))
        {
            await AnswerAsync(context, arrived, id, 401, new JsonObject { ["message"] = "Invalid Webhook Token", ["code"] = 50027 }, body);
            return;
        }

        if (HttpMethods.IsGet(request.Method))
        {
            await AnswerAsync(context, arrived, id, 200, new JsonObject
            {
                ["id"] = webhook.Id, ["type"] = 1, ["channel_id"] = webhook.ChannelId, ["guild_id"] = "1100000000000000001",
                ["name"] = "Roundup", ["token"] = webhook.Token,
            });
            return;
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            await AnswerAsync(context, arrived, id, 405, new JsonObject { ["message"] = "405: Method Not Allowed", ["code"] = 0 }, body);
            return;
        }

        if (RateLimit(context, webhook, arrived) is { } limited)
        {
            await AnswerAsync(context, arrived, id, 429, limited, body);
            return;
        }

        if (webhook.TakeFailure() is { } failure)
        {
            await AnswerAsync(context, arrived, id, failure, new JsonObject { ["message"] = "Internal Server Error", ["code"] = 0 }, body);
            return;
        }

        var threadId = request.Query["thread_id"].ToString();
        if (Validate(body, webhook.Forum, threadId) is { } invalid)
        {
            await AnswerAsync(context, arrived, id, 400, invalid, body);
            return;
        }

        var hold = webhook.HoldFrom is { } holdFrom && webhook.Accepted >= holdFrom;
        if (hold && !webhook.HoldAfterStoring)
        {
            await HoldAsync(context, arrived, webhook, body);
            return;
        }

        using var document = JsonDocument.Parse(body);
        var root = document.RootElement.Clone();
        var threadName = root.TryGetProperty("thread_name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;
        var channelId = threadId.Length > 0 ? threadId : threadName is not null && webhook.Forum ? NextSnowflake() : webhook.ChannelId;
        var message = new FakeDiscordMessage(NextSnowflake(), webhook.Id, channelId, threadId.Length > 0 ? threadId : null, threadName, root, arrived, Pings(root));
        lock (_gate)
        {
            _messages.Add(message);
            webhook.Accepted++;
            if (webhook.Accepted == webhook.DeleteAfterAccepted)
            {
                _webhooks.TryRemove(webhook.Id, out _);
            }
        }

        if (hold)
        {
            await HoldAsync(context, arrived, webhook, body);
            return;
        }

        var wait = string.Equals(request.Query["wait"], "true", StringComparison.OrdinalIgnoreCase);
        if (!wait)
        {
            await AnswerAsync(context, arrived, id, 204, null, body);
            return;
        }

        var reply = JsonNode.Parse(body)!.AsObject();
        reply.Remove("allowed_mentions");
        reply.Remove("thread_name");
        reply["id"] = message.Id;
        reply["type"] = 0;
        reply["channel_id"] = channelId;
        reply["webhook_id"] = webhook.Id;
        reply["timestamp"] = arrived.ToString("O", CultureInfo.InvariantCulture);
        await AnswerAsync(context, arrived, id, 200, reply, body);
    }

    /// <summary>Counts the request against the global and the webhook's window; a 429 body when over either.</summary>
    private JsonObject? RateLimit(HttpContext context, FakeWebhook webhook, DateTimeOffset now)
    {
        var headers = context.Response.Headers;
        lock (_gate)
        {
            if (now < webhook.BlockedUntil)
            {
                _violations.Enqueue(string.Create(CultureInfo.InvariantCulture,
                    $"webhook {webhook.Id}: a request at {now:HH:mm:ss.fff} came {(webhook.BlockedUntil - now).TotalMilliseconds:0.#} ms before its retry_after ended"));
            }

            if (GlobalLimit is { } global)
            {
                if (now >= _globalWindowStart + global.Window)
                {
                    _globalWindowStart = now;
                    _globalCount = 0;
                }

                if (_globalCount >= global.Limit)
                {
                    var retry = RoundUp(_globalWindowStart + global.Window - now);
                    webhook.BlockedUntil = Max(webhook.BlockedUntil, _globalWindowStart + global.Window);
                    headers["X-RateLimit-Global"] = "true";
                    headers["X-RateLimit-Scope"] = "global";
                    headers.RetryAfter = Math.Ceiling(retry.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                    return TooMany(retry, global: true);
                }

                _globalCount++;
            }

            var limit = webhook.Limit;
            if (now >= webhook.WindowStart + limit.Window)
            {
                webhook.WindowStart = now;
                webhook.Count = 0;
            }

            var resetAfter = RoundUp(webhook.WindowStart + limit.Window - now);
            headers["X-RateLimit-Limit"] = limit.Limit.ToString(CultureInfo.InvariantCulture);
            headers["X-RateLimit-Bucket"] = ExecuteBucket;
            headers["X-RateLimit-Reset-After"] = resetAfter.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
            headers["X-RateLimit-Reset"] = ((webhook.WindowStart + limit.Window).ToUnixTimeMilliseconds() / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);
            if (webhook.Count >= limit.Limit)
            {
                if (GlobalLimit is not null)
                {
                    // The request did not go through: it does not use up the global window either.
                    _globalCount--;
                }

                webhook.BlockedUntil = Max(webhook.BlockedUntil, webhook.WindowStart + limit.Window);
                headers["X-RateLimit-Remaining"] = "0";
                headers["X-RateLimit-Scope"] = "user";
                headers.RetryAfter = Math.Ceiling(resetAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                return TooMany(resetAfter, global: false);
            }

            webhook.Count++;
            headers["X-RateLimit-Remaining"] = (limit.Limit - webhook.Count).ToString(CultureInfo.InvariantCulture);
            return null;
        }
    }

    private static JsonObject TooMany(TimeSpan retryAfter, bool global) => new()
    {
        ["message"] = "You are being rate limited.",
        ["retry_after"] = Math.Round(retryAfter.TotalSeconds, 3),
        ["global"] = global,
        ["code"] = 0,
    };

    /// <summary>Milliseconds, rounded up, as Discord sends them: a client that waits this long is never early.</summary>
    private static TimeSpan RoundUp(TimeSpan span) => TimeSpan.FromMilliseconds(Math.Ceiling(span.TotalMilliseconds));

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>
    /// Checks a body as this server checks every execute request of an ordinary (not forum) webhook: the 400 answer
    /// Discord would give (<c>code</c>, <c>message</c>, <c>errors</c> tree), or null when Discord would accept it.
    /// </summary>
    public static string? Check(string body) => Validate(body, forum: false, threadId: "")?.ToJsonString();

    /// <summary>Discord's schema, then Discord's other rules; a 400 body with the <c>errors</c> tree, or null when valid.</summary>
    private static JsonObject? Validate(string body, bool forum, string threadId)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return new JsonObject { ["message"] = "The request body contains invalid JSON.", ["code"] = 50109 };
        }

        using (document)
        {
            var root = document.RootElement;
            var errors = new JsonObject();
            var results = Schema.Value.Evaluate(root, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
            if (!results.IsValid)
            {
                foreach (var detail in new[] { results }.Concat(results.Details ?? []).Where(d => d.Errors is { Count: > 0 }))
                {
                    foreach (var (keyword, text) in detail.Errors!)
                    {
                        AddError(errors, detail.InstanceLocation.ToString(), SchemaErrorCode(keyword), text);
                    }
                }

                return InvalidFormBody(errors);
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                return InvalidFormBody(errors);
            }

            CheckEmptyStrings(root, "", errors);
            var content = root.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : "";
            var embeds = root.TryGetProperty("embeds", out var e) && e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().ToList() : [];
            if (content.Length == 0 && embeds.Count == 0)
            {
                return new JsonObject { ["message"] = "Cannot send an empty message", ["code"] = 50006 };
            }

            var total = 0;
            for (var i = 0; i < embeds.Count; i++)
            {
                var embed = embeds[i];
                var size = Length(embed, "title") + Length(embed, "description")
                    + (embed.TryGetProperty("footer", out var footer) && footer.ValueKind == JsonValueKind.Object ? Length(footer, "text") : 0)
                    + (embed.TryGetProperty("author", out var author) && author.ValueKind == JsonValueKind.Object ? Length(author, "name") : 0);
                if (embed.TryGetProperty("fields", out var fields) && fields.ValueKind == JsonValueKind.Array)
                {
                    size += fields.EnumerateArray().Sum(f => Length(f, "name") + Length(f, "value"));
                }

                if (!embed.EnumerateObject().Any(p => p.Name is "title" or "description" or "fields" or "image" or "thumbnail" or "author" or "footer"))
                {
                    AddError(errors, $"/embeds/{i}", "EMBED_EMPTY", "Embed has no content.");
                }

                total += size;
            }

            if (total > 6000)
            {
                AddError(errors, "/embeds", "MAX_EMBED_SIZE_EXCEEDED", string.Create(CultureInfo.InvariantCulture, $"Embed size exceeds maximum size of 6000 (got {total})."));
            }

            if (root.TryGetProperty("username", out var username) && username.GetString() is { } name
                && (name.Contains("discord", StringComparison.OrdinalIgnoreCase) || name.Contains("clyde", StringComparison.OrdinalIgnoreCase)))
            {
                AddError(errors, "/username", "USERNAME_INVALID_CONTAINS", "Username cannot contain \"discord\" or \"clyde\".");
            }

            if (errors.Count > 0)
            {
                return InvalidFormBody(errors);
            }

            var hasThreadName = root.TryGetProperty("thread_name", out var t) && t.ValueKind == JsonValueKind.String;
            if (forum && threadId.Length == 0 && !hasThreadName)
            {
                return new JsonObject { ["message"] = "Webhooks posted to forum channels must have a thread_name or thread_id", ["code"] = 220001 };
            }

            return null;
        }
    }

    private static int Length(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()!.Length : 0;

    private static void CheckEmptyStrings(JsonElement element, string path, JsonObject errors)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String when element.GetString()!.Length == 0:
                AddError(errors, path, "BASE_TYPE_REQUIRED", "This field is required (an empty string is not a value).");
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    CheckEmptyStrings(property.Value, path + "/" + property.Name, errors);
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    CheckEmptyStrings(item, path + "/" + i++, errors);
                }

                break;
        }
    }

    private static string SchemaErrorCode(string keyword) => keyword switch
    {
        "maxLength" => "BASE_TYPE_MAX_LENGTH",
        "minLength" => "BASE_TYPE_MIN_LENGTH",
        "maxItems" => "BASE_TYPE_MAX_LENGTH",
        "format" => "URL_TYPE_INVALID_URL",
        "type" => "BASE_TYPE_BAD_TYPE",
        "required" => "BASE_TYPE_REQUIRED",
        "additionalProperties" or "false" or "" => "UNKNOWN_FIELD",
        _ => "SCHEMA_" + keyword.ToUpperInvariant(),
    };

    /// <summary>Adds <c>{code, message}</c> under <c>errors.a.0.b._errors</c> for the JSON pointer <c>/a/0/b</c>.</summary>
    private static void AddError(JsonObject errors, string pointer, string code, string message)
    {
        var node = errors;
        foreach (var segment in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)))
        {
            if (node[segment] is not JsonObject child)
            {
                child = new JsonObject();
                node[segment] = child;
            }

            node = child;
        }

        if (node["_errors"] is not JsonArray list)
        {
            list = [];
            node["_errors"] = list;
        }

        list.Add(new JsonObject { ["code"] = code, ["message"] = message });
    }

    private static JsonObject InvalidFormBody(JsonObject errors) => new() { ["code"] = 50035, ["message"] = "Invalid Form Body", ["errors"] = errors };

    /// <summary>
    /// Who the message would notify, as Discord decides: mentions in <c>content</c> (embeds never notify), kept only
    /// when <c>allowed_mentions</c> allows their kind; without <c>allowed_mentions</c> every kind is allowed.
    /// </summary>
    private static IReadOnlyList<string> Pings(JsonElement root)
    {
        var content = root.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : "";
        HashSet<string>? parse = null;
        if (root.TryGetProperty("allowed_mentions", out var allowed) && allowed.ValueKind == JsonValueKind.Object)
        {
            parse = allowed.TryGetProperty("parse", out var p) && p.ValueKind == JsonValueKind.Array
                ? p.EnumerateArray().Select(x => x.GetString() ?? "").ToHashSet(StringComparer.Ordinal)
                : [];
        }

        var pings = new List<string>();
        foreach (Match match in MentionPattern.Matches(content))
        {
            var kind = match.Groups[1].Success ? "everyone" : match.Groups[2].Success ? "users" : "roles";
            if (parse is null || parse.Contains(kind))
            {
                pings.Add(match.Value);
            }
        }

        return pings;
    }

    /// <summary>Never answers: waits until the client goes away or the server stops (see <see cref="FakeWebhook.HoldAfter"/>).</summary>
    private async Task HoldAsync(HttpContext context, DateTimeOffset arrived, FakeWebhook webhook, string body)
    {
        _requests.Enqueue(new FakeDiscordRequest(context.Request.Method, webhook.Id, arrived, 0, body, null));
        webhook.SignalHeld();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
            // The client went away (killed, or cancelled) or the server is stopping: there is nobody to answer.
        }
    }

    private async Task AnswerAsync(HttpContext context, DateTimeOffset arrived, string? webhookId, int status, JsonObject? body, string requestBody = "")
    {
        _requests.Enqueue(new FakeDiscordRequest(context.Request.Method, webhookId, arrived, status, requestBody, body?.ToJsonString()));
        context.Response.StatusCode = status;
        if (body is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
        }
    }

    /// <summary>
    /// Discord's schemas as one JSON Schema 2020-12 document: the copied <c>components.schemas</c> become
    /// <c>$defs</c>, the root refers to <c>IncomingWebhookRequestPartial</c>, and the object schemas we write to refuse
    /// unknown keys (see the class remarks).
    /// </summary>
    private static JsonSchema LoadSchema()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "Discord", "openapi-webhook.json");
        var openapi = JsonNode.Parse(File.ReadAllText(path))!;
        var schemas = openapi["components"]!["schemas"]!.AsObject();
        foreach (var name in new[] { "IncomingWebhookRequestPartial", "RichEmbed", "RichEmbedField", "RichEmbedFooter", "MessageAllowedMentionsRequest" })
        {
            schemas[name]!["additionalProperties"] = false;
        }

        var definitions = JsonNode.Parse(schemas.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal));
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$ref"] = "#/$defs/IncomingWebhookRequestPartial",
            ["$defs"] = definitions,
        };
        FormatRegistry.Global.Register(new PredicateFormat("snowflake", e => e.ValueKind != JsonValueKind.String || Regex.IsMatch(e.GetString()!, "^(0|[1-9][0-9]*)$")));
        FormatRegistry.Global.Register(new PredicateFormat("double", _ => true));
        return JsonSchema.FromText(root.ToJsonString());
    }
}
