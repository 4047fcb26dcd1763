using System.Globalization;
using System.Net.Http.Headers;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RoundupBot.Publishing.Discord;

namespace RoundupBot.Subscriptions.Discord;

/// <summary>
/// The application's own calls to Discord's API at <c>Discord:ApiBaseUrl</c>, as opposed to executing webhooks
/// (<see cref="DiscordWebhookClient"/>): creating a webhook in a channel and registering the slash commands (with
/// <c>Authorization: Bot {Discord:BotToken}</c>), editing a deferred interaction reply (the interaction token is the
/// credential), and exchanging an OAuth2 code for the webhook it created (with <c>Discord:ClientSecret</c>).
/// </summary>
/// <remarks>
/// None of these calls is idempotent except the bulk overwrite, so only a 429 is retried (after its <c>retry_after</c>,
/// at most <see cref="MaxAttempts"/> requests in all, and only when the wait is short); everything else is a
/// <see cref="DiscordApiException"/> for the caller to explain. The factory's request logging is off: the reply-edit
/// URL carries the interaction token. Nothing here logs or throws a token.
/// </remarks>
public sealed class DiscordApiClient
{
    /// <summary>Discord's code for Missing Permissions: the bot may not do this in that channel.</summary>
    public const int MissingPermissions = 50013;

    /// <summary>Discord's code for "maximum number of webhooks reached" (per channel).</summary>
    public const int MaxWebhooksReached = 30007;

    /// <summary>How many requests one call may make when Discord answers 429.</summary>
    public const int MaxAttempts = 3;

    /// <summary>The longest <c>retry_after</c> waited out; a longer one fails the call at once.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(10);

    private const int MaxAnswerLength = 256 * 1024;
    private const string UserAgent = "DiscordBot (RoundupBot, 1.0)";

    private readonly HttpClient _http;
    private readonly DiscordOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<DiscordApiClient> _logger;

    internal DiscordApiClient(HttpClient http, IOptions<DiscordOptions> options, TimeProvider timeProvider, ILogger<DiscordApiClient> logger)
    {
        _http = http;
        _options = options.Value;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// Creates a webhook named <paramref name="name"/> in <paramref name="channelId"/> with the bot token
    /// (<c>POST /channels/{id}/webhooks</c>; the bot needs Manage Webhooks there).
    /// </summary>
    /// <exception cref="DiscordApiException">No bot token, or Discord refused (see <see cref="DiscordApiException.ErrorCode"/>) or did not answer.</exception>
    public async Task<DiscordWebhookInfo> CreateWebhookAsync(string channelId, string name, CancellationToken cancellationToken)
    {
        CheckSnowflake(channelId, nameof(channelId));
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var body = InteractionJson.Serialize(new CreateWebhookRequest(name));
        var answer = await SendAsync("create a webhook", HttpMethod.Post, $"channels/{channelId}/webhooks", () => Json(body), BotToken("create a webhook"), null, cancellationToken);
        return ReadWebhook(answer)
            ?? throw new DiscordApiException("Discord created a webhook but its answer lacks the webhook's id or token.") { HttpStatusCode = 200 };
    }

    /// <summary>
    /// Replaces the text of a deferred reply (<c>PATCH /webhooks/{application_id}/{token}/messages/@original</c>). The
    /// interaction token is valid for 15 minutes after the interaction.
    /// </summary>
    /// <exception cref="DiscordApiException">Discord refused or did not answer.</exception>
    public async Task EditOriginalResponseAsync(string applicationId, string interactionToken, InteractionMessage message, CancellationToken cancellationToken)
    {
        CheckSnowflake(applicationId, nameof(applicationId));
        ArgumentException.ThrowIfNullOrWhiteSpace(interactionToken);
        ArgumentNullException.ThrowIfNull(message);
        var body = InteractionJson.Serialize(message with { Flags = null });
        await SendAsync("edit the reply", HttpMethod.Patch, $"webhooks/{applicationId}/{Uri.EscapeDataString(interactionToken)}/messages/@original", () => Json(body), null, interactionToken, cancellationToken);
    }

    /// <summary>
    /// Replaces the application's commands with <paramref name="commands"/> (<c>PUT /applications/{id}/commands</c>, or
    /// <c>/applications/{id}/guilds/{guild}/commands</c> when <paramref name="guildId"/> is given: those appear at once,
    /// global ones within the hour). Returns how many commands Discord now has.
    /// </summary>
    /// <exception cref="DiscordApiException">No bot token, or Discord refused or did not answer.</exception>
    public async Task<int> OverwriteCommandsAsync(string applicationId, string? guildId, IReadOnlyList<ApplicationCommand> commands, CancellationToken cancellationToken)
    {
        CheckSnowflake(applicationId, nameof(applicationId));
        if (guildId is not null)
        {
            CheckSnowflake(guildId, nameof(guildId));
        }

        ArgumentNullException.ThrowIfNull(commands);
        var body = InteractionJson.Serialize(commands);
        var path = guildId is null ? $"applications/{applicationId}/commands" : $"applications/{applicationId}/guilds/{guildId}/commands";
        var answer = await SendAsync("register the commands", HttpMethod.Put, path, () => Json(body), BotToken("register the commands"), null, cancellationToken);
        return answer.ValueKind == JsonValueKind.Array ? answer.GetArrayLength() : 0;
    }

    /// <summary>
    /// Exchanges an OAuth2 authorization code (<c>POST /oauth2/token</c>, scope <c>webhook.incoming</c>) and returns the
    /// webhook Discord created in the channel the user picked. The access token in the answer is not kept.
    /// </summary>
    /// <exception cref="DiscordApiException">Discord refused the code (expired, used, another redirect URI) or did not answer, or no webhook came back.</exception>
    public async Task<DiscordWebhookInfo> ExchangeCodeAsync(string code, string redirectUri, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        ArgumentException.ThrowIfNullOrWhiteSpace(redirectUri);
        if (string.IsNullOrWhiteSpace(_options.ApplicationId) || string.IsNullOrWhiteSpace(_options.ClientSecret))
        {
            throw new DiscordApiException("Discord:ApplicationId and Discord:ClientSecret must be set to exchange an OAuth2 code.");
        }

        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
            ["client_id"] = _options.ApplicationId,
            ["client_secret"] = _options.ClientSecret,
        };
        var answer = await SendAsync("exchange the authorization code", HttpMethod.Post, "oauth2/token", () => new FormUrlEncodedContent(form), null, _options.ClientSecret, cancellationToken);
        return (answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("webhook", out var webhook) ? ReadWebhook(webhook) : null)
            ?? throw new DiscordApiException("Discord's token response carries no webhook: the authorization must ask for the scope webhook.incoming.") { HttpStatusCode = 200 };
    }

    /// <summary>One call: requests until an answer that is not a short 429; the answer's JSON (an empty object for 204).</summary>
    private async Task<JsonElement> SendAsync(string what, HttpMethod method, string path, Func<HttpContent> content, string? botToken, string? secretInPath, CancellationToken cancellationToken)
    {
        var uri = new Uri(_options.ApiBaseUrl.TrimEnd('/') + "/" + path);
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, uri) { Content = content() };
            request.Headers.UserAgent.ParseAdd(UserAgent);
            if (botToken is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bot", botToken);
            }

            HttpResponseMessage response;
            string text;
            using (var timeout = new CancellationTokenSource(_options.Timeout, _timeProvider))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
            {
                try
                {
                    response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
                    text = await ReadAsync(response, linked.Token);
                }
                catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new DiscordApiException(string.Create(CultureInfo.InvariantCulture, $"Could not {what}: Discord did not answer within {_options.Timeout.TotalSeconds:0.#} s."), ex);
                }
                catch (HttpRequestException ex)
                {
                    throw new DiscordApiException($"Could not {what}: the request to Discord failed ({Redact(ex.Message, secretInPath)}).", ex);
                }
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    Log.ApiCalled(_logger, what, status);
                    return Parse(text);
                }

                var error = DiscordError.Parse(text);
                if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt < MaxAttempts
                    && error.RetryAfter is { } seconds && seconds >= 0 && TimeSpan.FromSeconds(seconds) <= MaxRetryAfter)
                {
                    var wait = TimeSpan.FromMilliseconds(Math.Ceiling(seconds * 1000));
                    Log.ApiRateLimited(_logger, what, wait);
                    await Task.Delay(wait, _timeProvider, cancellationToken);
                    continue;
                }

                var detail = Redact(error.Message ?? (text.Length > 200 ? text[..200] : text), secretInPath);
                Log.ApiRefused(_logger, what, status, error.Code ?? 0, detail);
                foreach (var errorPath in error.Paths)
                {
                    Log.ApiRefusedPath(_logger, what, errorPath);
                }

                throw new DiscordApiException(
                    string.Create(CultureInfo.InvariantCulture, $"Could not {what}: Discord answered {status}{(error.Code is { } code ? $" (code {code})" : "")}{(detail.Length > 0 ? ": " + detail : "")}."))
                {
                    HttpStatusCode = status,
                    ErrorCode = error.Code,
                };
            }
        }
    }

    private string BotToken(string what) =>
        string.IsNullOrWhiteSpace(_options.BotToken)
            ? throw new DiscordApiException($"Could not {what}: Discord:BotToken is not set; give it through ROUNDUP__Discord__BotToken.")
            : _options.BotToken;

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    private static async Task<string> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream);
        var buffer = new char[MaxAnswerLength];
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken);
        return new string(buffer, 0, read);
    }

    private static JsonElement Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return default;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return default;
        }
    }

    /// <summary>A webhook object: id (snowflake) and token are required; the rest is kept when it has the right shape.</summary>
    private static DiscordWebhookInfo? ReadWebhook(JsonElement webhook)
    {
        if (webhook.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var id = Text(webhook, "id");
        var token = Text(webhook, "token");
        if (id is null || !IsSnowflake(id) || string.IsNullOrEmpty(token) || token.Length > 200
            || !token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            return null;
        }

        var channelId = Text(webhook, "channel_id");
        var guildId = Text(webhook, "guild_id");
        return new DiscordWebhookInfo(id, token, channelId is not null && IsSnowflake(channelId) ? channelId : null,
            guildId is not null && IsSnowflake(guildId) ? guildId : null, Text(webhook, "name"));
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool IsSnowflake(string value) => value.Length is > 0 and <= 20 && value.All(char.IsAsciiDigit);

    private static void CheckSnowflake(string value, string parameter)
    {
        if (value is null || !IsSnowflake(value))
        {
            throw new ArgumentException($"Expected a Discord snowflake (digits); got '{value}'.", parameter);
        }
    }

    private static string Redact(string text, string? secret) =>
        string.IsNullOrEmpty(secret) ? text : text.Replace(secret, "***", StringComparison.Ordinal).Replace(Uri.EscapeDataString(secret), "***", StringComparison.Ordinal);
}
