using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RoundupBot.Ingestion.Fetching;
using RoundupBot.Ingestion.Parsing;
using RoundupBot.Model;
using RoundupBot.Pipeline;
using RoundupBot.Storage;

namespace RoundupBot.Web;

/// <summary>
/// The admin pages behind <c>Admin:Token</c>: sources with their fetch state and add / remove / enable / disable, the
/// digests, a draft preview of the coming issue and "Run roundup now". Every form carries an antiforgery token.
/// </summary>
public static class AdminEndpoints
{
    private const string Html = "text/html; charset=utf-8";

    /// <summary>
    /// Runs before authentication: answers 404 for every admin path while no token is configured, caps admin bodies at
    /// <see cref="AdminForm.MaxBodyBytes"/> (413 beyond) and turns unreadable bodies into plain 400s.
    /// </summary>
    public static IApplicationBuilder UseAdminGate(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!context.Request.Path.StartsWithSegments("/admin", StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        var token = context.RequestServices.GetRequiredService<IOptions<AdminOptions>>().Value.Token;
        if (string.IsNullOrEmpty(token))
        {
            await Results.Text("admin is off: set Admin:Token", statusCode: StatusCodes.Status404NotFound).ExecuteAsync(context);
            return;
        }

        if (context.Request.ContentLength > AdminForm.MaxBodyBytes)
        {
            await Results.Text("the form is too large", statusCode: StatusCodes.Status413PayloadTooLarge).ExecuteAsync(context);
            return;
        }

        // A token from an address that sent too many wrong ones is not even looked at until its delay is over.
        if (PresentsToken(context.Request)
            && context.RequestServices.GetRequiredService<AdminTokenThrottle>().RetryAfter(context.Connection.RemoteIpAddress) is { } wait && wait > TimeSpan.Zero)
        {
            var seconds = (int)Math.Ceiling(wait.TotalSeconds);
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await Results.Text(string.Create(CultureInfo.InvariantCulture, $"Too many wrong admin tokens from this address; try again in {seconds} {(seconds == 1 ? "second" : "seconds")}."), statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(context);
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = AdminForm.MaxBodyBytes;
        }

        try
        {
            await next(context);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            // A chunked body over the limit, or one that breaks off: say so plainly instead of a 500.
            context.Response.Clear();
            await Results.Text(ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? "the form is too large" : "the request is malformed", statusCode: ex.StatusCode).ExecuteAsync(context);
        }
        catch (InvalidDataException) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            await Results.Text("the form is malformed", statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(context);
        }
    });

    /// <summary>True for a request that offers the admin token: a bearer header, or the sign-in form's POST.</summary>
    private static bool PresentsToken(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
        || (HttpMethods.IsPost(request.Method) && request.Path.StartsWithSegments("/admin/signin", StringComparison.OrdinalIgnoreCase));

    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var signin = app.MapGroup("/admin/signin").AllowAnonymous();
        signin.MapGet("", SignInPage);
        signin.MapPost("", SignInAsync).WithMetadata(new RequireAntiforgeryTokenAttribute());

        var admin = app.MapGroup("/admin").RequireAuthorization(AdminAuthentication.Policy);
        admin.MapGet("", AdminPageAsync);
        admin.MapGet("/preview", PreviewAsync);
        admin.MapPost("/signout", (Func<HttpContext, Task<IResult>>)SignOutAsync).WithMetadata(new RequireAntiforgeryTokenAttribute());
        admin.MapPost("/run", RunAsync).WithMetadata(new RequireAntiforgeryTokenAttribute());
        admin.MapPost("/sources", AddSourceAsync).WithMetadata(new RequireAntiforgeryTokenAttribute());
        admin.MapPost("/sources/{id:long}/remove", RemoveSourceAsync).WithMetadata(new RequireAntiforgeryTokenAttribute());
        admin.MapPost("/sources/{id:long}/enable", (long id, HttpContext context, CancellationToken ct) => SwitchSourceAsync(id, true, context, ct)).WithMetadata(new RequireAntiforgeryTokenAttribute());
        admin.MapPost("/sources/{id:long}/disable", (long id, HttpContext context, CancellationToken ct) => SwitchSourceAsync(id, false, context, ct)).WithMetadata(new RequireAntiforgeryTokenAttribute());
        return app;
    }

    internal static IResult SignInPage(IAntiforgery antiforgery, HttpContext context) => Results.Content(HtmlPage.Render("Admin sign-in",
        $"""
        <h1>Admin sign-in</h1>
        <form method="post" action="/admin/signin">{AdminForm.AntiforgeryField(antiforgery, context)}
        <p><label>Admin token <input type="password" name="token" autocomplete="current-password" required></label></p>
        <p><button type="submit">Sign in</button></p></form>
        """), Html);

    internal static async Task<IResult> SignInAsync(HttpContext context, IOptions<AdminOptions> options, AdminSessions sessions, AdminTokenThrottle throttle, ILogger<AdminOptions> logger)
    {
        var (form, error) = await AdminForm.ReadAsync(context);
        if (form is null)
        {
            return error!;
        }

        if (!AdminToken.Matches(options.Value.Token, form["token"].ToString()))
        {
            Log.AdminTokenRejected(logger, "sign-in form");
            throttle.Failed(context.Connection.RemoteIpAddress);
            return Results.Text("wrong admin token", statusCode: StatusCodes.Status401Unauthorized);
        }

        throttle.Succeeded(context.Connection.RemoteIpAddress);
        await context.SignInAsync(AdminAuthentication.CookieScheme, sessions.NewSession(AdminAuthentication.CookieScheme), new AuthenticationProperties { IsPersistent = false });
        Log.AdminSignedIn(logger);
        return SeeOther("/admin");
    }

    internal static async Task<IResult> SignOutAsync(HttpContext context)
    {
        var (form, error) = await AdminForm.ReadAsync(context);
        if (form is null)
        {
            return error!;
        }

        // Server-side as well as in the browser: a copy of the cookie is refused from now on.
        context.RequestServices.GetRequiredService<AdminSessions>().SignOut(context.User);
        await context.SignOutAsync(AdminAuthentication.CookieScheme);
        return SeeOther("/admin/signin");
    }

    internal static async Task<IResult> AdminPageAsync(IRoundupStore store, RoundupRunner runner, IAntiforgery antiforgery, HttpContext context, CancellationToken cancellationToken)
    {
        var field = AdminForm.AntiforgeryField(antiforgery, context);
        var sources = await store.ListSourcesAsync(cancellationToken);
        var digests = await store.ListDigestsAsync(cancellationToken);
        var subscribers = await store.ListSubscribersAsync(cancellationToken);
        var deliveryTotals = await store.ListDeliveryTotalsAsync(cancellationToken);
        var html = new StringBuilder("<h1>Admin</h1>");
        html.Append(CultureInfo.InvariantCulture, $"""
            <form method="post" action="/admin/run">{field}<button type="submit">Run roundup now</button>
            {(runner.IsRunning ? "<span class=\"muted\">a roundup is running</span>" : "")} <a href="/admin/preview">Preview the coming issue</a></form>
            <h2>Sources</h2>
            <table><thead><tr><th>Name</th><th>Kind</th><th>Status</th><th>Last fetch</th><th>Items</th><th>Last error</th><th></th></tr></thead><tbody>
            """);
        foreach (var s in sources)
        {
            var status = !s.Enabled ? "disabled" : s.Fetch.LastError is not null ? $"failing ({s.Fetch.ConsecutiveFailures})" : s.Fetch.LastFetchedAt is null ? "not fetched yet" : "ok";
            var toggle = s.Enabled ? "disable" : "enable";
            html.Append(CultureInfo.InvariantCulture, $"""
                <tr><td><a href="{HtmlPage.Encode(s.Url)}">{HtmlPage.Encode(s.Name)}</a></td><td>{s.Kind.ToString().ToLowerInvariant()}</td><td>{status}</td>
                <td>{(s.Fetch.LastFetchedAt is { } at ? at.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "never")}</td><td>{s.ItemCount}</td>
                <td class="error">{HtmlPage.Encode(s.Fetch.LastError)}</td>
                <td><form class="inline" method="post" action="/admin/sources/{s.Id}/{toggle}">{field}<button type="submit">{toggle}</button></form>
                <form class="inline" method="post" action="/admin/sources/{s.Id}/remove">{field}<button type="submit">remove</button></form></td></tr>
                """);
        }

        html.Append(CultureInfo.InvariantCulture, $"""
            </tbody></table>
            <h3>Add a source</h3>
            <form method="post" action="/admin/sources">{field}
            <p><label>Feed or page URL <input type="url" name="url" required></label></p>
            <p><label>Name (optional) <input type="text" name="name"></label></p>
            <p><button type="submit">Add</button></p></form>
            <h2>Digests</h2>
            """);
        html.Append(digests.Count == 0 ? "<p>No issues yet.</p>" : "<ul>");
        foreach (var d in digests)
        {
            html.Append(CultureInfo.InvariantCulture, $"<li><a href=\"/digests/{d.Number}\">{HtmlPage.Encode(d.Title)}</a> <span class=\"muted\">published {d.PublishedAt:yyyy-MM-dd HH:mm} UTC, {d.Sections} sections</span></li>");
        }

        html.Append(digests.Count == 0 ? "" : "</ul>");
        var email = subscribers.Where(x => x.Channel == DeliveryChannel.Email).ToList();
        var discord = subscribers.Where(x => x.Channel == DeliveryChannel.Discord).ToList();
        html.Append(CultureInfo.InvariantCulture, $"<h2>Subscribers</h2><p>Email: {email.Count(x => x.Status == SubscriberStatus.Confirmed)} confirmed, {email.Count(x => x.Status == SubscriberStatus.Pending)} waiting for confirmation, {email.Count(x => x.Status == SubscriberStatus.Unsubscribed)} unsubscribed, {email.Count(x => x.Status == SubscriberStatus.Paused)} paused.</p>");
        html.Append(CultureInfo.InvariantCulture, $"<p>Discord: {discord.Count(x => x.Status == SubscriberStatus.Confirmed)} active channels, {discord.Count(x => x.Status != SubscriberStatus.Confirmed)} retired or unsubscribed.</p>");
        if (subscribers.Count > 0)
        {
            html.Append("<table><thead><tr><th>Id</th><th>Channel</th><th>Address</th><th>Status</th><th>Since</th><th>Bounces</th><th>Last error</th></tr></thead><tbody>");
            foreach (var x in subscribers)
            {
                // A Discord subscription that is no longer confirmed was retired (its webhook deleted) or removed by its channel.
                var status = x is { Channel: DeliveryChannel.Discord, Status: SubscriberStatus.Unsubscribed } && x.LastError is not null ? "retired" : x.Status.ToString().ToLowerInvariant();
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{x.Id}</td><td>{x.Channel.ToString().ToLowerInvariant()}</td><td>{HtmlPage.Encode(x.Address)}</td><td>{status}</td><td>{(x.UnsubscribedAt ?? x.ConfirmedAt ?? x.CreatedAt):yyyy-MM-dd}</td><td>{x.Bounces}</td><td class=\"error\">{HtmlPage.Encode(x.LastError)}</td></tr>");
            }

            html.Append("</tbody></table>");
        }

        await AppendDeliveriesAsync(html, store, deliveryTotals, subscribers, cancellationToken);

        html.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"/admin/signout\">{field}<button type=\"submit\">Sign out</button></form>");
        return NoStore(context, Results.Content(HtmlPage.Render("Admin", html.ToString()), Html));
    }

    /// <summary>Per issue and channel, how its deliveries stand; then every one of the recent issues' that needs a look.</summary>
    private static async Task AppendDeliveriesAsync(StringBuilder html, IRoundupStore store, IReadOnlyList<DeliveryTotals> totals, IReadOnlyList<Subscriber> subscribers, CancellationToken cancellationToken)
    {
        html.Append("<h2>Deliveries</h2>");
        if (totals.Count == 0)
        {
            html.Append("<p>No deliveries yet.</p>");
            return;
        }

        DeliveryStatus[] columns = [DeliveryStatus.Sent, DeliveryStatus.Pending, DeliveryStatus.Sending, DeliveryStatus.Failed, DeliveryStatus.Interrupted, DeliveryStatus.Skipped];
        html.Append("<table><thead><tr><th>Issue</th><th>Channel</th>");
        foreach (var status in columns)
        {
            html.Append("<th>").Append(status.ToString().ToLowerInvariant()).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var t in totals)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td><a href=\"/digests/{t.DigestNumber}\">#{t.DigestNumber}</a></td><td>{t.Channel.ToString().ToLowerInvariant()}</td>");
            foreach (var status in columns)
            {
                html.Append(CultureInfo.InvariantCulture, $"<td>{t.Count(status)}</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table>");
        var addresses = subscribers.ToDictionary(x => x.Id, x => x.Address);
        var problems = new List<Delivery>();
        foreach (var number in totals.Select(t => t.DigestNumber).Distinct().Take(3))
        {
            problems.AddRange((await store.ListDeliveriesAsync(number, cancellationToken))
                .Where(d => d.Status is DeliveryStatus.Failed or DeliveryStatus.Interrupted || (d.Status == DeliveryStatus.Pending && d.LastError is not null)));
        }

        if (problems.Count == 0)
        {
            return;
        }

        html.Append("<h3>Needing a look</h3><table><thead><tr><th>Issue</th><th>To</th><th>Status</th><th>Attempts</th><th>Next attempt</th><th>Reason</th></tr></thead><tbody>");
        foreach (var d in problems)
        {
            var status = d.Status == DeliveryStatus.Pending ? "retrying" : d.Status.ToString().ToLowerInvariant();
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>#{d.DigestNumber}</td><td>{HtmlPage.Encode(addresses.GetValueOrDefault(d.SubscriberId, $"subscriber {d.SubscriberId} (removed)"))}</td><td>{status}</td><td>{d.Attempts}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{(d.NextAttemptAt is { } next ? next.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "")}</td><td class=\"error\">{HtmlPage.Encode(d.LastError)}</td></tr>");
        }

        html.Append("</tbody></table>");
    }

    internal static async Task<IResult> PreviewAsync(DigestBuilder builder, HttpContext context, CancellationToken cancellationToken)
    {
        string body;
        try
        {
            var draft = await builder.BuildAsync(null, cancellationToken);
            body = "<p class=\"muted\">Draft of the coming issue: nothing is archived or sent.</p>" + IssuePageCache.RenderBody(draft);
        }
        catch (NotEnoughItemsException ex)
        {
            body = $"<h1>No draft</h1><p>{HtmlPage.Encode(ex.Message)}</p>";
        }

        return NoStore(context, Results.Content(HtmlPage.Render("Preview", body + "<p><a href=\"/admin\">Back to admin</a></p>"), Html));
    }

    internal static async Task<IResult> RunAsync(HttpContext context, RoundupRunner runner, IHostApplicationLifetime lifetime, ILogger<RoundupRunner> logger)
    {
        var (form, error) = await AdminForm.ReadAsync(context);
        if (form is null)
        {
            return error!;
        }

        Log.RunRequested(logger);
        // The run belongs to the service, not the request: closing the tab must not cancel it, shutting down does.
        var outcome = await runner.RunAsync("admin", publish: true, null, lifetime.ApplicationStopping);
        if (outcome.WasAlreadyRunning)
        {
            return Results.Text("a roundup is already running", statusCode: StatusCodes.Status409Conflict);
        }

        if (outcome.Digest is { } digest && outcome.Published)
        {
            return SeeOther($"/digests/{digest.Number.ToString(CultureInfo.InvariantCulture)}");
        }

        if (outcome.Draft is not null || outcome.KeptDraft is not null)
        {
            // Review mode: the issue waits for the editor (a kept edited draft too: the page offers rebuild and discard).
            return SeeOther("/admin/draft");
        }

        return Results.Content(HtmlPage.Render("No issue built",
            $"<h1>No issue built</h1><p>{HtmlPage.Encode(outcome.NotBuiltReason ?? "nothing to publish")}</p><p><a href=\"/admin\">Back to admin</a></p>"), Html);
    }

    internal static async Task<IResult> AddSourceAsync(HttpContext context, SourceCatalog catalog, ILogger<SourceCatalog> logger, CancellationToken cancellationToken)
    {
        var (form, error) = await AdminForm.ReadAsync(context);
        if (form is null)
        {
            return error!;
        }

        var url = form["url"].ToString().Trim();
        if (url.Length == 0)
        {
            return Results.Text("url is required", statusCode: StatusCodes.Status400BadRequest);
        }

        try
        {
            var name = form["name"].ToString();
            var (source, _) = await catalog.AddAsync(url, string.IsNullOrWhiteSpace(name) ? null : name, null, null, cancellationToken);
            Log.SourceAdded(logger, source.Id, source.Name);
            return SeeOther("/admin");
        }
        catch (Exception ex) when (ex is InvalidInputException or FetchException or FeedParseException)
        {
            return Results.Text(ex.Message, statusCode: StatusCodes.Status400BadRequest);
        }
    }

    internal static async Task<IResult> RemoveSourceAsync(long id, HttpContext context, SourceCatalog catalog, ILogger<SourceCatalog> logger, CancellationToken cancellationToken)
    {
        var (form, error) = await AdminForm.ReadAsync(context);
        if (form is null)
        {
            return error!;
        }

        try
        {
            var source = await catalog.RemoveAsync(id, cancellationToken);
            Log.SourceRemoved(logger, source.Id, source.Name);
            return SeeOther("/admin");
        }
        catch (InvalidInputException ex)
        {
            return Results.Text(ex.Message, statusCode: StatusCodes.Status400BadRequest);
        }
    }

    internal static async Task<IResult> SwitchSourceAsync(long id, bool enabled, HttpContext context, CancellationToken cancellationToken)
    {
        var (form, error) = await AdminForm.ReadAsync(context);
        if (form is null)
        {
            return error!;
        }

        var store = context.RequestServices.GetRequiredService<IRoundupStore>();
        if (await store.GetSourceAsync(id, cancellationToken) is not { } source)
        {
            return Results.Text($"there is no source with id {id.ToString(CultureInfo.InvariantCulture)}", statusCode: StatusCodes.Status404NotFound);
        }

        await store.UpdateSourceAsync(source with { Enabled = enabled }, cancellationToken);
        Log.SourceSwitched(context.RequestServices.GetRequiredService<ILogger<SourceCatalog>>(), enabled ? "enabled" : "disabled", id, source.Name);
        return SeeOther("/admin");
    }

    /// <summary>303 See Other: after a form post, the browser follows with a GET.</summary>
    private static SeeOtherResult SeeOther(string location) => new SeeOtherResult(location);

    private static IResult NoStore(HttpContext context, IResult result)
    {
        context.Response.Headers.CacheControl = "no-store";
        return result;
    }

    private sealed class SeeOtherResult(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }
}
