using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RoundupBot.Publishing.Discord;

/// <summary>
/// Executes Discord webhooks: one message per call, <c>POST {Discord:ApiBaseUrl}/webhooks/{id}/{token}?wait=true</c>,
/// within Discord's rate limits, turning every answer into a <see cref="DiscordWebhookResult"/>. A typed HTTP client
/// (see <see cref="DiscordServiceCollectionExtensions.AddDiscord"/>); its rate-limit state is a process-wide singleton,
/// so one instance or many, used concurrently for many webhooks, keep the limits together.
/// </summary>
/// <remarks>
/// <para>
/// Waits before sending when the webhook's bucket has nothing remaining or the global limit is reached; a 429 is
/// waited out for its <c>retry_after</c> (for every request when it is global) and the message sent again, however
/// often. 5xx answers, timeouts (<see cref="DiscordOptions.Timeout"/>) and failed connections are retried up to
/// <see cref="DiscordOptions.MaxRetries"/> times, after <see cref="DiscordOptions.RetryDelay"/>, doubling.
/// </para>
/// <para>
/// Discord has no idempotency key for webhooks: a timeout or a 5xx after Discord stored the message means the retry
/// posts it twice. The issue asks for those retries, and the alternative, leaving the part to the outbox, posts it twice
/// just the same; a 4xx is never retried.
/// </para>
/// <para>
/// The webhook token is in the request path, so this client's HTTP logging is off (the factory's handlers would log
/// the URL) and every log line and result names the webhook as <c>webhooks/ID/***</c>.
/// </para>
/// </remarks>
public sealed partial class DiscordWebhookClient
{
    /// <summary>How many 429s in a row one message may get before it is given up as a transient failure.</summary>
    internal const int MaxRateLimitedInARow = 20;

    // Most of Discord's answers are small; a larger one is not a message or an error we read.
    private const int MaxErrorBodyLength = 64 * 1024;

    private readonly HttpClient _http;
    private readonly DiscordRateLimiter _limiter;
    private readonly DiscordOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<DiscordWebhookClient> _logger;

    internal DiscordWebhookClient(HttpClient http, DiscordRateLimiter limiter, IOptions<DiscordOptions> options, TimeProvider timeProvider, ILogger<DiscordWebhookClient> logger)
    {
        _http = http;
        _limiter = limiter;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// Posts <paramref name="message"/> through <paramref name="target"/> and waits for Discord's answer. Never throws
    /// for anything Discord or the network does: that is the result's <see cref="DiscordWebhookResult.Status"/>.
    /// </summary>
    /// <param name="target">The webhook, and a thread or forum post name when the channel needs one.</param>
    /// <param name="message">The body, as <see cref="Rendering.DiscordRenderer"/> made it.</param>
    /// <param name="cancellationToken">
    /// Stops waiting (for a rate limit, a retry or the answer) and throws <see cref="OperationCanceledException"/>; a
    /// request already sent may still have been posted.
    /// </param>
    /// <exception cref="ArgumentException">The webhook id is not a snowflake or the token is empty or not URL-safe.</exception>
    public async Task<DiscordWebhookResult> ExecuteAsync(DiscordWebhookTarget target, DiscordWebhookMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(message);
        CheckTarget(target);
        var uri = RequestUri(target);
        var body = DiscordJson.SerializeToUtf8Bytes(target.ThreadId is null && target.ThreadName is { } name
            ? message with { ThreadName = ThreadName(name) }
            : message);
        var route = RouteKey(target);
        var attempts = 0;
        var rateLimited = 0;
        var rateLimitedInARow = 0;
        var retries = 0;
        while (true)
        {
            await _limiter.WaitAsync(route, cancellationToken);
            attempts++;
            Outcome outcome;
            using (var timeout = new CancellationTokenSource(_options.Timeout, _timeProvider))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
            {
                outcome = await SendAsync(uri, body, route, target, linked.Token, cancellationToken);
            }

            if (outcome.RetryAfter is { } retryAfter)
            {
                rateLimited++;
                if (++rateLimitedInARow > MaxRateLimitedInARow)
                {
                    return Failed(target, outcome, attempts, rateLimited, "Discord kept answering 429 (rate limited)");
                }

                continue;
            }

            rateLimitedInARow = 0;
            if (outcome.Result is { } result)
            {
                return result with { Attempts = attempts, RateLimitedCount = rateLimited };
            }

            if (retries >= _options.MaxRetries)
            {
                return Failed(target, outcome, attempts, rateLimited, outcome.Detail);
            }

            var delay = _options.RetryDelay * Math.Pow(2, retries);
            retries++;
            Log.Retrying(_logger, target, outcome.Detail, retries, _options.MaxRetries, delay);
            await Task.Delay(delay, _timeProvider, cancellationToken);
        }
    }

    /// <summary>One request: a final result, a 429 to wait out (already recorded), or a transient failure to retry.</summary>
    private async Task<Outcome> SendAsync(Uri uri, byte[] body, string route, DiscordWebhookTarget target, CancellationToken attemptToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attemptToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Outcome.Transient(null, string.Create(CultureInfo.InvariantCulture, $"no answer within {_options.Timeout.TotalSeconds:0.#} s"));
        }
        catch (HttpRequestException ex)
        {
            return Outcome.Transient(null, "the request failed: " + Redact(ex.Message, target));
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            string text;
            try
            {
                text = await ReadBodyAsync(response, attemptToken);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return Outcome.Transient(status, string.Create(CultureInfo.InvariantCulture, $"the answer ({status}) did not arrive within {_options.Timeout.TotalSeconds:0.#} s"));
            }
            catch (HttpRequestException ex)
            {
                return Outcome.Transient(status, "reading the answer failed: " + Redact(ex.Message, target));
            }

            RecordRateLimit(route, response);
            var error = DiscordError.Parse(text);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var retryAfter = RetryAfter(response, error);
                var global = error.Global || response.Headers.TryGetValues("X-RateLimit-Global", out var values) && values.Any(v => v.Equals("true", StringComparison.OrdinalIgnoreCase));
                if (global)
                {
                    _limiter.PauseGlobal(retryAfter);
                }
                else
                {
                    _limiter.PauseRoute(route, retryAfter);
                }

                var scope = response.Headers.TryGetValues("X-RateLimit-Scope", out var scopes) ? scopes.FirstOrDefault() ?? "" : "";
                Log.RateLimited(_logger, target, global, scope, retryAfter);
                return new Outcome(null, retryAfter, status, error.Code, "rate limited");
            }

            if (response.IsSuccessStatusCode)
            {
                var (messageId, channelId) = PostedIds(text);
                Log.Posted(_logger, target, messageId ?? "(none)", channelId ?? "(none)");
                return Outcome.Final(new DiscordWebhookResult { Status = DiscordWebhookStatus.Posted, MessageId = messageId, ChannelId = channelId, HttpStatusCode = status });
            }

            if (status >= 500)
            {
                return Outcome.Transient(status, string.Create(CultureInfo.InvariantCulture, $"Discord answered {status}"));
            }

            if ((response.StatusCode == HttpStatusCode.NotFound && error.Code == DiscordError.UnknownWebhook)
                || (response.StatusCode == HttpStatusCode.Unauthorized && error.Code == DiscordError.InvalidWebhookToken))
            {
                Log.UnknownWebhook(_logger, target, status, error.Code ?? 0, error.Message ?? "");
                return Outcome.Final(new DiscordWebhookResult
                {
                    Status = DiscordWebhookStatus.UnknownWebhook,
                    HttpStatusCode = status,
                    ErrorCode = error.Code,
                    Detail = Redact($"Discord answered {status} ({error.Code}: {error.Message}): the webhook is gone; retire the subscription.", target),
                });
            }

            Log.Rejected(_logger, target, status, error.Code ?? 0, Redact(error.Message ?? "", target));
            foreach (var path in error.Paths)
            {
                Log.RejectedPath(_logger, target, Redact(path, target));
            }

            return Outcome.Final(new DiscordWebhookResult
            {
                Status = DiscordWebhookStatus.Rejected,
                HttpStatusCode = status,
                ErrorCode = error.Code,
                ErrorPaths = error.Paths.Select(p => Redact(p, target)).ToList(),
                Detail = Redact(string.Create(CultureInfo.InvariantCulture, $"Discord refused the message with {status} ({error.Code}: {error.Message})"), target),
            });
        }
    }

    private DiscordWebhookResult Failed(DiscordWebhookTarget target, Outcome outcome, int attempts, int rateLimited, string? detail)
    {
        Log.GaveUp(_logger, target, attempts, detail ?? "");
        return new DiscordWebhookResult
        {
            Status = DiscordWebhookStatus.TransientFailure,
            HttpStatusCode = outcome.HttpStatusCode,
            ErrorCode = outcome.ErrorCode,
            Detail = detail,
            Attempts = attempts,
            RateLimitedCount = rateLimited,
        };
    }

    private void RecordRateLimit(string route, HttpResponseMessage response)
    {
        if (Header(response, "X-RateLimit-Remaining") is not { } remainingText
            || !int.TryParse(remainingText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var remaining))
        {
            return;
        }

        var resetAfter = Header(response, "X-RateLimit-Reset-After") is { } resetText
            && double.TryParse(resetText, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
                ? Seconds(seconds)
                : TimeSpan.Zero;
        int? limit = Header(response, "X-RateLimit-Limit") is { } limitText
            && int.TryParse(limitText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        _limiter.Update(route, Header(response, "X-RateLimit-Bucket"), limit, remaining, resetAfter);
    }

    /// <summary><c>retry_after</c> from the body (seconds, fractional), else the <c>Retry-After</c> header, else one second.</summary>
    private static TimeSpan RetryAfter(HttpResponseMessage response, DiscordError error)
    {
        if (error.RetryAfter is { } seconds && seconds >= 0)
        {
            return Seconds(seconds);
        }

        if (response.Headers.RetryAfter?.Delta is { } delta)
        {
            return delta;
        }

        return Header(response, "Retry-After") is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var header)
            ? Seconds(header)
            : TimeSpan.FromSeconds(1);
    }

    /// <summary>Seconds as Discord sends them (millisecond precision), rounded up so a wait never ends early.</summary>
    private static TimeSpan Seconds(double seconds) => TimeSpan.FromMilliseconds(Math.Ceiling(Math.Min(seconds, 3600) * 1000));

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream);
        var buffer = new char[MaxErrorBodyLength];
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken);
        return new string(buffer, 0, read);
    }

    private static (string? MessageId, string? ChannelId) PostedIds(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                ? (StringProperty(root, "id"), StringProperty(root, "channel_id"))
                : (null, null);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private Uri RequestUri(DiscordWebhookTarget target)
    {
        var query = target.ThreadId is { } threadId ? "?wait=true&thread_id=" + Uri.EscapeDataString(threadId) : "?wait=true";
        return new Uri($"{_options.ApiBaseUrl.TrimEnd('/')}/webhooks/{Uri.EscapeDataString(target.WebhookId)}/{Uri.EscapeDataString(target.Token)}{query}");
    }

    /// <summary>The rate-limit route: one per webhook (id and token are Discord's major parameters here).</summary>
    private static string RouteKey(DiscordWebhookTarget target) => target.WebhookId + "/" + target.Token;

    /// <summary>A forum post's name: one line, at most 100 characters.</summary>
    private static string ThreadName(string name)
    {
        var line = string.Concat(name.Select(c => char.IsControl(c) ? ' ' : c)).Trim();
        return line.Length <= DiscordLimits.ThreadNameLength ? line : line[..(DiscordLimits.ThreadNameLength - 1)].TrimEnd() + "…";
    }

    private static void CheckTarget(DiscordWebhookTarget target)
    {
        if (string.IsNullOrEmpty(target.WebhookId) || target.WebhookId.Length > 20 || !target.WebhookId.All(char.IsAsciiDigit))
        {
            throw new ArgumentException($"The webhook id must be a Discord snowflake (digits); got '{target.WebhookId}'.", nameof(target));
        }

        if (string.IsNullOrWhiteSpace(target.Token) || !target.Token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            // The token itself stays out of the message: it is a secret even when malformed.
            throw new ArgumentException($"The token of {target} must be a non-empty Discord webhook token (letters, digits, '-', '_').", nameof(target));
        }

        if (target.ThreadId is { } threadId && (threadId.Length is 0 or > 20 || !threadId.All(char.IsAsciiDigit)))
        {
            throw new ArgumentException($"The thread id of {target} must be a Discord snowflake (digits); got '{threadId}'.", nameof(target));
        }
    }

    /// <summary>Replaces the token wherever it might appear (an exception message quoting the URL).</summary>
    private static string Redact(string text, DiscordWebhookTarget target) =>
        target.Token.Length == 0 ? text : text.Replace(target.Token, "***", StringComparison.Ordinal);

    /// <param name="Result">A final result: posted, unknown webhook or rejected.</param>
    /// <param name="RetryAfter">A 429: send again after waiting (already recorded in the limiter).</param>
    /// <param name="HttpStatusCode">The answer's status; null without an answer.</param>
    /// <param name="ErrorCode">Discord's JSON error code, when sent.</param>
    /// <param name="Detail">What happened, for the log and the result; never the token.</param>
    private sealed record Outcome(DiscordWebhookResult? Result, TimeSpan? RetryAfter, int? HttpStatusCode, int? ErrorCode, string Detail)
    {
        public static Outcome Final(DiscordWebhookResult result) => new(result, null, result.HttpStatusCode, result.ErrorCode, result.Detail ?? "");

        public static Outcome Transient(int? status, string detail) => new(null, null, status, null, detail);
    }
}
