using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using RoundupBot.Pipeline;
using RoundupBot.Publishing.Email;
using RoundupBot.Subscriptions.Email;
using RoundupBot.Web.Pages;

namespace RoundupBot.Web;

/// <summary>
/// Subscribing by email with double opt-in, confirming, and unsubscribing. Only POSTs change anything: the confirm
/// link opens a page whose button POSTs (with a form token), so a mail scanner that opens links confirms nothing; the
/// unsubscribe link opens a page with a button, beside the RFC 8058 one-click POST that mail clients send from the
/// List-Unsubscribe header (no form token: the signed link is the proof). The subscribe form is rate-limited
/// (<see cref="SubscribeRateLimits"/>) and answers before any email is sent.
/// </summary>
public static class SubscriptionEndpoints
{
    /// <summary>A subscribe form is an address and a token; anything much bigger is not one.</summary>
    public const long MaxBodyBytes = 8 * 1024;

    public static IEndpointRouteBuilder MapSubscriptionEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/subscribe", SubscribePage);
        app.MapPost("/subscribe", SubscribeAsync).WithMetadata(new RequireAntiforgeryTokenAttribute()).RequireRateLimiting(SubscribeRateLimits.ClientPolicy);
        app.MapGet("/confirm", ConfirmPageAsync);
        app.MapPost("/confirm", ConfirmAsync).WithMetadata(new RequireAntiforgeryTokenAttribute());
        app.MapGet("/unsubscribe", UnsubscribePage);
        app.MapPost("/unsubscribe", UnsubscribeAsync);
        return app;
    }

    internal static RazorComponentResult SubscribePage(SubscriptionService subscriptions) =>
        new RazorComponentResult<Subscribe>(new { subscriptions.EmailConfigured });

    internal static async Task<IResult> SubscribeAsync(
        HttpContext context, SubscriptionService subscriptions, SubscribeAddressLimiter addressLimiter, IOptions<RoundupOptions> options, CancellationToken cancellationToken)
    {
        if (!subscriptions.EmailConfigured)
        {
            return Results.Text("email delivery is not configured on this server", statusCode: StatusCodes.Status404NotFound);
        }

        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return Results.Text("the form is too large", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        var (form, error) = await AdminForm.ReadAsync(context);
        if (form is null)
        {
            return error!;
        }

        if (EmailAddresses.Normalize(form["email"].ToString()) is not { } address)
        {
            return Notice("Subscribe", "That is not an email address", "Go back and enter an address such as ada@example.org.", StatusCodes.Status400BadRequest);
        }

        if (!addressLimiter.TryAcquire(address, out var retryAfter))
        {
            return SubscribeRateLimits.TooManyRequests(context.Response, retryAfter);
        }

        // The same answer, after the same work, whether the address was new, pending or already confirmed: the email
        // (if any) is only queued, so neither the page nor its timing says who subscribes. Email is only on with an
        // https Roundup:BaseUrl (checked at start-up): links never follow the Host header.
        await subscriptions.SubscribeAsync(address, PublicEndpoints.PublicBaseUrl(options.Value)!, cancellationToken);
        return Notice(null, "Check your inbox", "If that address can receive the roundup, a confirmation link is on its way. Nothing is sent until you click it.");
    }

    /// <summary>The page a confirmation link opens: it checks the link and shows a button, and changes nothing itself.</summary>
    internal static async Task<IResult> ConfirmPageAsync(string? token, SubscriptionService subscriptions, CancellationToken cancellationToken) =>
        !subscriptions.EmailConfigured ? NoEmail()
        : await subscriptions.CheckConfirmationAsync(token, cancellationToken) switch
        {
            TokenStatus.Valid => new RazorComponentResult<ConfirmSubscription>(new { Token = token! }),
            var status => ConfirmFailure(status),
        };

    internal static async Task<IResult> ConfirmAsync(HttpContext context, SubscriptionService subscriptions, CancellationToken cancellationToken)
    {
        if (!subscriptions.EmailConfigured)
        {
            return NoEmail();
        }

        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return Results.Text("the form is too large", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        var (form, error) = await AdminForm.ReadAsync(context);
        if (form is null)
        {
            return error!;
        }

        return await subscriptions.ConfirmAsync(form["token"].ToString(), cancellationToken) switch
        {
            TokenStatus.Valid => Notice("Subscribed", "You're subscribed", "The next issue will arrive in your inbox. Every issue has a link to leave."),
            var status => ConfirmFailure(status),
        };
    }

    internal static RazorComponentResult UnsubscribePage(string? token) => new RazorComponentResult<Unsubscribe>(new { Token = token ?? "" });

    internal static async Task<IResult> UnsubscribeAsync(string? token, HttpContext context, SubscriptionService subscriptions, CancellationToken cancellationToken)
    {
        if (!subscriptions.EmailConfigured)
        {
            return NoEmail();
        }

        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return Results.Text("the request is too large", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        return await subscriptions.UnsubscribeAsync(token, cancellationToken) switch
        {
            TokenStatus.Valid => Notice("Unsubscribed", "You're unsubscribed", "No more issues will be sent to this address. You can subscribe again at any time."),
            _ => Notice(null, "This link is not valid", "Use the unsubscribe link of a recent issue.", StatusCodes.Status400BadRequest),
        };
    }

    // Without email there is no signing key to check a link with, and no link this server could have sent.
    private static RazorComponentResult<Notice> NoEmail() =>
        Notice(null, "Email delivery is not configured on this server", "This site does not send the roundup by email, so it has no subscription link to confirm or unsubscribe.", StatusCodes.Status404NotFound);

    private static RazorComponentResult<Notice> ConfirmFailure(TokenStatus status) => status == TokenStatus.Expired
        ? Notice(null, "This link has expired", "Subscribe again to get a fresh one.", StatusCodes.Status410Gone)
        : Notice(null, "This link is not valid", "Check that you copied the whole link, or subscribe again.", StatusCodes.Status400BadRequest);

    private static RazorComponentResult<Notice> Notice(string? title, string heading, string text, int status = StatusCodes.Status200OK) =>
        new RazorComponentResult<Notice>(new { Title = title, Heading = heading, Text = text }) { StatusCode = status };
}
