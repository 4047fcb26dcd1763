using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using Microsoft.AspNetCore.Http;

namespace RoundupBot.Tests.TestSupport;

/// <summary>
/// The application side of the fake Discord: what a bot and an OAuth2 client call, as Discord answers it.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>POST /channels/{id}/webhooks</c> (bot token): creates a <see cref="FakeWebhook"/> in that channel, which can then be executed.</item>
/// <item><c>PATCH /webhooks/{application_id}/{token}/messages/@original</c>: records the edit of a deferred reply.</item>
/// <item><c>PUT /applications/{id}/commands</c> and <c>…/guilds/{guild}/commands</c> (bot token): records the commands.</item>
/// <item><c>POST /oauth2/token</c>: exchanges a code from <see cref="IssueOAuthCode"/> for a token response with a new webhook.</item>
/// </list>
/// Bodies are validated against Discord's schemas from the official OpenAPI description (copied into
/// <c>TestData/Discord/openapi-interactions.json</c>), refusing unknown keys as the webhook route does; a wrong bot
/// token is a 401.
/// </remarks>
public sealed partial class FakeDiscord
{
    /// <summary>The guild every fake channel belongs to.</summary>
    public const string GuildId = "1100000000000000001";

    private static readonly Lazy<JsonNode> InteractionDefinitions = new(LoadInteractionDefinitions);
    private static readonly ConcurrentDictionary<string, JsonSchema> InteractionSchemas = new(StringComparer.Ordinal);

    private readonly ConcurrentQueue<FakeEditedReply> _editedReplies = new();
    private readonly ConcurrentQueue<FakeCommandRegistration> _registrations = new();
    private readonly ConcurrentQueue<FakeWebhook> _createdWebhooks = new();
    private readonly ConcurrentDictionary<string, string> _oauthCodes = new(StringComparer.Ordinal);

    /// <summary>The application: the value for <c>Discord:ApplicationId</c>.</summary>
    public string ApplicationId { get; set; } = "1300000000000000001";

    /// <summary>The bot token Discord accepts: the value for <c>Discord:BotToken</c>.</summary>
    public string BotToken { get; set; } = "fake-bot-token." + Guid.NewGuid().ToString("N");

    /// <summary>The OAuth2 client secret Discord accepts: the value for <c>Discord:ClientSecret</c>.</summary>
    public string ClientSecret { get; set; } = "fake-client-secret-" + Guid.NewGuid().ToString("N");

    /// <summary>When true, creating a webhook answers 403 Missing Permissions (50013), as when the bot lacks Manage Webhooks.</summary>
    public bool RefuseWebhookCreation { get; set; }

    /// <summary>The value for <c>Discord:OAuthAuthorizeUrl</c>: this server's <c>/oauth2/authorize</c> (which answers nothing useful: tests read the redirect).</summary>
    public string OAuthAuthorizeUrl => ApiBaseUrl[..ApiBaseUrl.IndexOf("/api/", StringComparison.Ordinal)] + "/oauth2/authorize";

    /// <summary>Every edit of a deferred reply, in arrival order.</summary>
    public IReadOnlyList<FakeEditedReply> EditedReplies => [.. _editedReplies];

    /// <summary>Every accepted command overwrite, in arrival order.</summary>
    public IReadOnlyList<FakeCommandRegistration> CommandRegistrations => [.. _registrations];

    /// <summary>Every webhook created through the bot or an OAuth2 code, in order.</summary>
    public IReadOnlyList<FakeWebhook> CreatedWebhooks => [.. _createdWebhooks];

    /// <summary>
    /// A code as Discord's authorize page would give the user's browser after they pick a channel: exchanging it with
    /// <paramref name="redirectUri"/> (exactly) creates a webhook in a new channel. A code works once.
    /// </summary>
    public string IssueOAuthCode(string redirectUri)
    {
        var code = "code-" + Guid.NewGuid().ToString("N");
        _oauthCodes[code] = redirectUri;
        return code;
    }

    /// <summary>
    /// The schema errors of an answer to an interaction, checked against Discord's
    /// <c>CreateMessageInteractionCallbackRequest</c> or <c>PongInteractionCallbackRequest</c> by its <c>type</c>;
    /// empty when valid.
    /// </summary>
    public static IReadOnlyList<string> CheckInteractionResponse(string json)
    {
        var node = JsonNode.Parse(json);
        var type = node?["type"]?.GetValue<int>();
        return SchemaErrors(type == 1 ? "PongInteractionCallbackRequest" : "CreateMessageInteractionCallbackRequest", json);
    }

    /// <summary>The schema errors of a command overwrite body (an array of <c>ApplicationCommandUpdateRequest</c>) and Discord's naming rules.</summary>
    public static IReadOnlyList<string> CheckCommands(string json)
    {
        var errors = new List<string>();
        var array = JsonNode.Parse(json) as JsonArray;
        if (array is null)
        {
            return ["the body is not an array"];
        }

        foreach (var command in array)
        {
            errors.AddRange(SchemaErrors("ApplicationCommandUpdateRequest", command!.ToJsonString()));
            CheckNames(command, errors);
        }

        return errors;
    }

    private async Task<bool> DispatchApplicationAsync(HttpContext context, DateTimeOffset arrived, string[] segments)
    {
        if (segments.Length < 3 || segments[0] != "api" || segments[1] != "v10")
        {
            return false;
        }

        var route = segments[2..];
        var method = context.Request.Method;
        switch (route)
        {
            case ["channels", var channelId, "webhooks"] when HttpMethods.IsPost(method):
                await CreateWebhookAsync(context, arrived, channelId);
                return true;
            case ["webhooks", var applicationId, var token, "messages", "@original"] when HttpMethods.IsPatch(method):
                await EditReplyAsync(context, arrived, applicationId, token);
                return true;
            case ["applications", var applicationId, "commands"] when HttpMethods.IsPut(method):
                await RegisterCommandsAsync(context, arrived, applicationId, null);
                return true;
            case ["applications", var applicationId, "guilds", var guildId, "commands"] when HttpMethods.IsPut(method):
                await RegisterCommandsAsync(context, arrived, applicationId, guildId);
                return true;
            case ["oauth2", "token"] when HttpMethods.IsPost(method):
                await ExchangeCodeAsync(context, arrived);
                return true;
            default:
                return false;
        }
    }

    private async Task CreateWebhookAsync(HttpContext context, DateTimeOffset arrived, string channelId)
    {
        var body = await ReadAsync(context);
        if (!IsBot(context))
        {
            await AnswerAsync(context, arrived, null, 401, Unauthorized(), body);
            return;
        }

        if (SchemaErrors("CreateWebhookRequest", body) is { Count: > 0 } errors)
        {
            await AnswerAsync(context, arrived, null, 400, Invalid(errors), body);
            return;
        }

        if (RefuseWebhookCreation)
        {
            await AnswerAsync(context, arrived, null, 403, new JsonObject { ["message"] = "Missing Permissions", ["code"] = 50013 }, body);
            return;
        }

        var name = JsonNode.Parse(body)!["name"]!.GetValue<string>();
        var webhook = CreateWebhook(channelId);
        await AnswerAsync(context, arrived, webhook.Id, 200, WebhookJson(webhook, name), body);
    }

    private async Task EditReplyAsync(HttpContext context, DateTimeOffset arrived, string applicationId, string token)
    {
        var body = await ReadAsync(context);
        if (applicationId != ApplicationId)
        {
            await AnswerAsync(context, arrived, null, 404, new JsonObject { ["message"] = "Unknown Webhook", ["code"] = 10015 }, body);
            return;
        }

        if (SchemaErrors("IncomingWebhookUpdateRequestPartial", body) is { Count: > 0 } errors)
        {
            await AnswerAsync(context, arrived, null, 400, Invalid(errors), body);
            return;
        }

        using var document = JsonDocument.Parse(body);
        _editedReplies.Enqueue(new FakeEditedReply(applicationId, token, document.RootElement.Clone(), arrived));
        var answer = JsonNode.Parse(body)!.AsObject();
        answer.Remove("allowed_mentions");
        answer["id"] = NextSnowflake();
        answer["type"] = 20;
        answer["application_id"] = applicationId;
        await AnswerAsync(context, arrived, null, 200, answer, body);
    }

    private async Task RegisterCommandsAsync(HttpContext context, DateTimeOffset arrived, string applicationId, string? guildId)
    {
        var body = await ReadAsync(context);
        if (!IsBot(context))
        {
            await AnswerAsync(context, arrived, null, 401, Unauthorized(), body);
            return;
        }

        if (applicationId != ApplicationId)
        {
            await AnswerAsync(context, arrived, null, 403, new JsonObject { ["message"] = "Missing Access", ["code"] = 50001 }, body);
            return;
        }

        if (CheckCommands(body) is { Count: > 0 } errors)
        {
            await AnswerAsync(context, arrived, null, 400, Invalid(errors), body);
            return;
        }

        using var document = JsonDocument.Parse(body);
        _registrations.Enqueue(new FakeCommandRegistration(applicationId, guildId, document.RootElement.Clone(), context.Request.Headers.Authorization.ToString()));
        var answer = JsonNode.Parse(body)!.AsArray();
        foreach (var command in answer)
        {
            command!["id"] = NextSnowflake();
            command["application_id"] = applicationId;
            command["version"] = NextSnowflake();
            if (guildId is not null)
            {
                command["guild_id"] = guildId;
            }
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        _requests.Enqueue(new FakeDiscordRequest(context.Request.Method, null, arrived, 200, body, answer.ToJsonString()));
        await context.Response.WriteAsync(answer.ToJsonString(), context.RequestAborted);
    }

    private async Task ExchangeCodeAsync(HttpContext context, DateTimeOffset arrived)
    {
        var body = await ReadAsync(context);
        if (!context.Request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) ?? true)
        {
            await AnswerAsync(context, arrived, null, 400, new JsonObject { ["error"] = "invalid_request", ["error_description"] = "Expected a form body." }, body);
            return;
        }

        var form = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(body);
        string Field(string name) => form.TryGetValue(name, out var value) ? value.ToString() : "";
        if (Field("client_id") != ApplicationId || Field("client_secret") != ClientSecret)
        {
            await AnswerAsync(context, arrived, null, 401, new JsonObject { ["error"] = "invalid_client" }, body);
            return;
        }

        if (Field("grant_type") != "authorization_code"
            || !_oauthCodes.TryRemove(Field("code"), out var redirectUri)
            || redirectUri != Field("redirect_uri"))
        {
            await AnswerAsync(context, arrived, null, 400, new JsonObject { ["error"] = "invalid_grant", ["error_description"] = "Invalid \"code\" in request." }, body);
            return;
        }

        var webhook = CreateWebhook(NextSnowflake());
        await AnswerAsync(context, arrived, webhook.Id, 200, new JsonObject
        {
            ["token_type"] = "Bearer",
            ["access_token"] = "access-" + Guid.NewGuid().ToString("N"),
            ["expires_in"] = 604800,
            ["refresh_token"] = "refresh-" + Guid.NewGuid().ToString("N"),
            ["scope"] = "webhook.incoming",
            ["webhook"] = WebhookJson(webhook, "RoundupBot"),
        }, body);
    }

    private FakeWebhook CreateWebhook(string channelId)
    {
        var webhook = new FakeWebhook(NextSnowflake(), "tok-" + Guid.NewGuid().ToString("N"), channelId, false, DefaultWebhookLimit);
        _webhooks[webhook.Id] = webhook;
        _createdWebhooks.Enqueue(webhook);
        return webhook;
    }

    private JsonObject WebhookJson(FakeWebhook webhook, string name) => new()
    {
        ["id"] = webhook.Id,
        ["type"] = 1,
        ["guild_id"] = GuildId,
        ["channel_id"] = webhook.ChannelId,
        ["name"] = name,
        ["avatar"] = null,
        ["token"] = webhook.Token,
        ["application_id"] = ApplicationId,
        ["url"] = $"https://discord.com/api/webhooks/{webhook.Id}/{webhook.Token}",
    };

    private bool IsBot(HttpContext context) =>
        string.Equals(context.Request.Headers.Authorization.ToString(), "Bot " + BotToken, StringComparison.Ordinal);

    private static JsonObject Unauthorized() => new() { ["message"] = "401: Unauthorized", ["code"] = 0 };

    private static JsonObject Invalid(IReadOnlyList<string> errors) =>
        new() { ["code"] = 50035, ["message"] = "Invalid Form Body", ["errors"] = new JsonObject { ["_errors"] = new JsonArray([.. errors.Select(e => (JsonNode)new JsonObject { ["code"] = "INVALID", ["message"] = e })]) } };

    private static async Task<string> ReadAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(context.RequestAborted);
    }

    /// <summary>Discord's rules for command and option names, which the schema does not spell out: lower case, no spaces.</summary>
    private static void CheckNames(JsonNode? node, List<string> errors)
    {
        if (node?["name"]?.GetValue<string>() is { } name && !Regex.IsMatch(name, @"^[-_\p{Ll}\p{N}]{1,32}$"))
        {
            errors.Add($"name '{name}' must be 1–32 lower-case letters, digits, '-' or '_'");
        }

        if (node?["options"] is JsonArray options)
        {
            var seenOptional = false;
            foreach (var option in options)
            {
                var required = option?["required"]?.GetValue<bool>() ?? false;
                if (required && seenOptional)
                {
                    errors.Add($"required option '{option?["name"]}' must come before the optional ones");
                }

                seenOptional |= !required && option?["type"]?.GetValue<int>() is > 2;
                CheckNames(option, errors);
            }
        }
    }

    private static List<string> SchemaErrors(string definition, string json)
    {
        JsonNode? instance;
        try
        {
            instance = JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            return ["invalid JSON: " + ex.Message];
        }

        var schema = InteractionSchemas.GetOrAdd(definition, static name => JsonSchema.FromText(new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$ref"] = "#/$defs/" + name,
            ["$defs"] = InteractionDefinitions.Value.DeepClone(),
        }.ToJsonString()));
        using var document = JsonDocument.Parse(instance?.ToJsonString() ?? "null");
        var results = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (results.IsValid)
        {
            return [];
        }

        return [.. new[] { results }.Concat(results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => string.Create(CultureInfo.InvariantCulture, $"{d.InstanceLocation}: {e.Key}: {e.Value}")))];
    }

    /// <summary>
    /// The copied schemas as <c>$defs</c>; the object schemas we write refuse unknown keys (as on the webhook route),
    /// so a misspelt key fails a test instead of being dropped by Discord.
    /// </summary>
    private static JsonNode LoadInteractionDefinitions()
    {
        _ = Schema.Value; // registers the formats Discord's schemas use
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "Discord", "openapi-interactions.json");
        var schemas = JsonNode.Parse(File.ReadAllText(path))!["components"]!["schemas"]!.AsObject();
        foreach (var name in new[]
        {
            "ApplicationCommandUpdateRequest", "ApplicationCommandSubcommandOption", "ApplicationCommandIntegerOption",
            "CreateMessageInteractionCallbackRequest", "PongInteractionCallbackRequest", "IncomingWebhookInteractionRequest",
            "IncomingWebhookUpdateRequestPartial", "MessageAllowedMentionsRequest", "CreateWebhookRequest",
        })
        {
            schemas[name]!["additionalProperties"] = false;
        }

        return JsonNode.Parse(schemas.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal))!;
    }
}
