using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using RoundupBot.Pipeline;
using RoundupBot.Publishing.Email;

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

    private const string Html = "text/html; charset=utf-8";
    private const string Sent = "<h1>Check your inbox</h1><p>If that address can receive the roundup, a confirmation link is on its way. Nothing is sent until you click it.</p>";

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

    internal static IResult SubscribePage(SubscriptionService subscriptions, IAntiforgery antiforgery, HttpContext context)
    {
        if (!subscriptions.EmailConfigured)
        {
            return Page("Subscribe", "<h1>Subscribe</h1><p>Email delivery is not configured on this server. Meanwhile, follow the <a href=\"/feed.atom\">Atom feed</a> of the issues.</p>");
        }

        return Page("Subscribe", $"""
            <h1>Subscribe</h1>
            <p>Get the roundup by email every week. We send a confirmation link first; one click in any issue unsubscribes.</p>
            <form method="post" action="/subscribe">{AdminForm.AntiforgeryField(antiforgery, context)}
            <p><label>Email <input type="email" name="email" autocomplete="email" required maxlength="254"></label></p>
            <p><button type="submit">Subscribe</button></p></form>
            """);
    }

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
            return Results.Content(HtmlPage.Render("Subscribe", "<h1>That is not an email address</h1><p>Go back and enter an address such as ada@example.org.</p>"), Html, statusCode: StatusCodes.Status400BadRequest);
        }

        if (!addressLimiter.TryAcquire(address, out var retryAfter))
        {
            return SubscribeRateLimits.TooManyRequests(context.Response, retryAfter);
        }

        // The same answer, after the same work, whether the address was new, pending or already confirmed: the email
        // (if any) is only queued, so neither the page nor its timing says who subscribes. Email is only on with an
        // https Roundup:BaseUrl (checked at start-up): links never follow the Host header.
        await subscriptions.SubscribeAsync(address, PublicEndpoints.PublicBaseUrl(options.Value)!, cancellationToken);
        return Page("Check your inbox", Sent);
    }

    /// <summary>The page a confirmation link opens: it checks the link and shows a button, and changes nothing itself.</summary>
    internal static async Task<IResult> ConfirmPageAsync(string? token, SubscriptionService subscriptions, IAntiforgery antiforgery, HttpContext context, CancellationToken cancellationToken) =>
        await subscriptions.CheckConfirmationAsync(token, cancellationToken) switch
        {
            TokenStatus.Valid => Page("Confirm your subscription", $"""
                <h1>Confirm your subscription</h1>
                <p>One more click and the roundup arrives in your inbox every week.</p>
                <form method="post" action="/confirm">{AdminForm.AntiforgeryField(antiforgery, context)}
                <input type="hidden" name="token" value="{HtmlPage.Encode(token)}">
                <p><button type="submit">Confirm my subscription</button></p></form>
                """),
            var status => ConfirmFailure(status),
        };

    internal static async Task<IResult> ConfirmAsync(HttpContext context, SubscriptionService subscriptions, CancellationToken cancellationToken)
    {
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
            TokenStatus.Valid => Page("Subscribed", "<h1>You're subscribed</h1><p>The next issue will arrive in your inbox. Every issue has a link to leave.</p>"),
            var status => ConfirmFailure(status),
        };
    }

    internal static IResult UnsubscribePage(string? token) => Page("Unsubscribe", $"""
        <h1>Unsubscribe</h1>
        <p>Stop receiving the roundup at this address?</p>
        <form method="post" action="/unsubscribe?token={HtmlPage.Encode(Uri.EscapeDataString(token ?? ""))}">
        <input type="hidden" name="List-Unsubscribe" value="One-Click"><p><button type="submit">Unsubscribe</button></p></form>
        """);

    internal static async Task<IResult> UnsubscribeAsync(string? token, HttpContext context, SubscriptionService subscriptions, CancellationToken cancellationToken)
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return Results.Text("the request is too large", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        return await subscriptions.UnsubscribeAsync(token, cancellationToken) switch
        {
            TokenStatus.Valid => Page("Unsubscribed", "<h1>You're unsubscribed</h1><p>No more issues will be sent to this address. You can subscribe again at any time.</p>"),
            _ => Failure("This link is not valid", "Use the unsubscribe link of a recent issue.", StatusCodes.Status400BadRequest),
        };
    }

    private static IResult ConfirmFailure(TokenStatus status) => status == TokenStatus.Expired
        ? Failure("This link has expired", "Subscribe again to get a fresh one.", StatusCodes.Status410Gone)
        : Failure("This link is not valid", "Check that you copied the whole link, or subscribe again.", StatusCodes.Status400BadRequest);

    private static IResult Page(string title, string body) => Results.Content(HtmlPage.Render(title, body), Html);

    private static IResult Failure(string heading, string advice, int status) =>
        Results.Content(HtmlPage.Render(heading, $"<h1>{HtmlPage.Encode(heading)}</h1><p>{HtmlPage.Encode(advice)}</p>"), Html, statusCode: status);
}
