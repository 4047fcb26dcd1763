using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RoundupBot.Pipeline;
using RoundupBot.Subscriptions.Discord;
using RoundupBot.Web.Pages;

namespace RoundupBot.Web;

/// <summary>
/// Discord's side of the web app: <c>POST /discord/interactions</c> (the application's Interactions Endpoint URL,
/// Ed25519-verified) and "Add to Discord" (<c>GET /discord/add</c> and its OAuth2 callback <c>GET /discord/callback</c>).
/// </summary>
public static class DiscordInteractionEndpoints
{
    /// <summary>
    /// The largest interaction body read. A slash-command interaction is a few kilobytes; the cap keeps an unverified
    /// sender from making us buffer (and hash) megabytes before the signature check can refuse it.
    /// </summary>
    public const long MaxBodyBytes = 64 * 1024;

    private const string Json = "application/json";

    public static IEndpointRouteBuilder MapDiscordInteractionEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost("/discord/interactions", InteractionsAsync);
        app.MapGet("/discord/add", Add);
        app.MapGet(AddToDiscordFlow.CallbackPath, CallbackAsync);
        return app;
    }

    /// <summary>The cookie that binds an OAuth2 state to the browser that started "Add to Discord".</summary>
    internal const string StateCookie = "roundup_discord_state";

    /// <summary>Sends the browser to Discord's authorize page, with a signed state and its nonce in a cookie.</summary>
    internal static IResult Add(AddToDiscordFlow flow, IOptions<RoundupOptions> options, HttpContext context)
    {
        if (!flow.IsConfigured)
        {
            return Failure("Add to Discord is off", "This server has no Discord application configured (Discord:ApplicationId and Discord:ClientSecret).", StatusCodes.Status404NotFound);
        }

        // Start-up requires Roundup:BaseUrl once the flow is configured: the redirect_uri never comes from the Host header.
        var (authorize, nonce) = flow.Start(PublicEndpoints.PublicBaseUrl(options.Value)!);
        context.Response.Cookies.Append(StateCookie, nonce, new CookieOptions
        {
            HttpOnly = true,
            // Lax, not Strict: the callback is a top-level navigation from discord.com, which must carry the cookie.
            SameSite = SameSiteMode.Lax,
            Secure = context.Request.IsHttps,
            Path = "/discord",
            MaxAge = DiscordOAuthState.Lifetime,
        });
        context.Response.Headers.CacheControl = "no-store";
        return Results.Redirect(authorize.AbsoluteUri);
    }

    /// <summary>Where Discord sends the browser back: the code is exchanged and the channel subscribed, or a page says why not.</summary>
    internal static async Task<IResult> CallbackAsync(HttpContext context, AddToDiscordFlow flow, IOptions<RoundupOptions> options, CancellationToken cancellationToken)
    {
        if (!flow.IsConfigured)
        {
            return Failure("Add to Discord is off", "This server has no Discord application configured (Discord:ApplicationId and Discord:ClientSecret).", StatusCodes.Status404NotFound);
        }

        var query = context.Request.Query;
        var nonce = context.Request.Cookies[StateCookie];
        // One state, one attempt: whatever happens next, the browser has to start again for another.
        context.Response.Cookies.Delete(StateCookie, new CookieOptions { Path = "/discord" });
        context.Response.Headers.CacheControl = "no-store";
        var result = await flow.CompleteAsync(query["code"], query["state"], query["error"], nonce, PublicEndpoints.PublicBaseUrl(options.Value)!, cancellationToken);
        return result.Status switch
        {
            AddToDiscordStatus.Added => Added(result.Webhook!),
            AddToDiscordStatus.Denied => Failure("Nothing was added", "Discord did not authorize RoundupBot (you may have pressed Cancel), so no channel was subscribed. Try again from the front page whenever you like.", StatusCodes.Status400BadRequest),
            AddToDiscordStatus.ExpiredState => Failure("This link has expired", "Adding RoundupBot must be finished within 10 minutes. Start again from the Add to Discord button on the front page.", StatusCodes.Status410Gone),
            AddToDiscordStatus.MissingCode => Failure("Nothing was added", "Discord's answer had no authorization code. Start again from the Add to Discord button on the front page.", StatusCodes.Status400BadRequest),
            AddToDiscordStatus.ExchangeFailed => Failure("Discord did not confirm", "Discord did not hand over the channel's webhook, so nothing was subscribed. Start again from the Add to Discord button on the front page; if it keeps failing, tell the people who run this site.", StatusCodes.Status502BadGateway),
            _ => Failure("This link is not valid", "It was not started from this site in this browser, so nothing was added. Start from the Add to Discord button on the front page.", StatusCodes.Status400BadRequest),
        };
    }

    private static RazorComponentResult<AddedToDiscord> Added(RoundupBot.Publishing.Discord.DiscordWebhookInfo webhook) =>
        new RazorComponentResult<AddedToDiscord>(new { webhook.ChannelId, webhook.GuildId, WebhookName = webhook.Name });

    private static RazorComponentResult<Notice> Failure(string heading, string advice, int status) =>
        new RazorComponentResult<Notice>(new { Heading = heading, Text = advice }) { StatusCode = status };

    internal static async Task<IResult> InteractionsAsync(HttpContext context, InteractionVerifier verifier, ILogger<InteractionHandler> logger)
    {
        if (!verifier.IsConfigured)
        {
            return Results.Text("Discord interactions are off: set Discord:PublicKey to the application's public key.", statusCode: StatusCodes.Status404NotFound);
        }

        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return Results.Text("the request is too large", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        var body = await ReadBodyAsync(context);
        if (body is null)
        {
            return Results.Text("the request is too large", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        var headers = context.Request.Headers;
        var verdict = verifier.Verify(headers["X-Signature-Ed25519"], headers["X-Signature-Timestamp"], body);
        if (verdict != InteractionVerdict.Valid)
        {
            Log.InteractionRefused(logger, verdict);
            return Results.Text("invalid request signature", statusCode: StatusCodes.Status401Unauthorized);
        }

        if (Interaction.TryParse(body, out var problem) is not { } interaction)
        {
            return Results.Text($"the body is not a Discord interaction: {problem}.", statusCode: StatusCodes.Status400BadRequest);
        }

        // Resolved only now: an unverified request never gets as far as the store or Discord's API.
        var handler = context.RequestServices.GetRequiredService<InteractionHandler>();
        var reply = await handler.HandleAsync(interaction, context.RequestAborted);
        if (reply.AfterResponse is { } after)
        {
            // Discord can only edit a reply it has received: the work starts once the deferral is on the wire.
            context.Response.OnCompleted(() =>
            {
                _ = Task.Run(after);
                return Task.CompletedTask;
            });
        }

        return Results.Bytes(InteractionJson.Serialize(reply.Response), Json);
    }

    /// <summary>The whole body, or null when it is larger than <see cref="MaxBodyBytes"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpContext context)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        try
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
            {
                if (buffer.Length + read > MaxBodyBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }

        return buffer.ToArray();
    }
}
