using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RoundupBot.Publishing.Discord.Interactions;

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
        return app;
    }

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

        if (Interaction.TryParse(body) is not { } interaction)
        {
            return Results.Text("the body is not a Discord interaction", statusCode: StatusCodes.Status400BadRequest);
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
