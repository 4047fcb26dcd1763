using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
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
using RoundupBot.Web.Pages;

namespace RoundupBot.Web;

/// <summary>
/// The admin pages behind <c>Admin:Token</c>: sources with their fetch state and add / remove / enable / disable, the
/// digests, a draft preview of the coming issue and "Run roundup now". Every form carries an antiforgery token.
/// </summary>
public static class AdminEndpoints
{
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

    internal static RazorComponentResult SignInPage() => new RazorComponentResult<AdminSignIn>();

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

    internal static async Task<IResult> AdminPageAsync(IRoundupStore store, RoundupRunner runner, HttpContext context, CancellationToken cancellationToken)
    {
        var sources = await store.ListSourcesAsync(cancellationToken);
        var digests = await store.ListDigestsAsync(cancellationToken);
        var subscribers = await store.ListSubscribersAsync(cancellationToken);
        var deliveryTotals = await store.ListDeliveryTotalsAsync(cancellationToken);
        var problems = await DeliveryProblemsAsync(store, deliveryTotals, subscribers, cancellationToken);
        return NoStore(context, new RazorComponentResult<AdminHome>(new
        {
            runner.IsRunning,
            Sources = sources,
            Digests = digests,
            Subscribers = subscribers,
            DeliveryTotals = deliveryTotals,
            Problems = problems,
        }));
    }

    /// <summary>Every delivery of the three most recent issues that needs a look: failed, interrupted, or retrying after an error.</summary>
    private static async Task<IReadOnlyList<AdminHome.Problem>> DeliveryProblemsAsync(IRoundupStore store, IReadOnlyList<DeliveryTotals> totals, IReadOnlyList<Subscriber> subscribers, CancellationToken cancellationToken)
    {
        var addresses = subscribers.ToDictionary(x => x.Id, x => x.Address);
        var problems = new List<AdminHome.Problem>();
        foreach (var number in totals.Select(t => t.DigestNumber).Distinct().Take(3))
        {
            problems.AddRange((await store.ListDeliveriesAsync(number, cancellationToken))
                .Where(d => d.Status is DeliveryStatus.Failed or DeliveryStatus.Interrupted || (d.Status == DeliveryStatus.Pending && d.LastError is not null))
                .Select(d => new AdminHome.Problem(d, addresses.GetValueOrDefault(d.SubscriberId, $"subscriber {d.SubscriberId.ToString(CultureInfo.InvariantCulture)} (removed)"))));
        }

        return problems;
    }

    internal static async Task<IResult> PreviewAsync(DigestBuilder builder, HttpContext context, CancellationToken cancellationToken)
    {
        try
        {
            var draft = await builder.BuildAsync(null, cancellationToken);
            return NoStore(context, new RazorComponentResult<AdminPreview>(new { Body = (MarkupString?)new MarkupString(IssuePageCache.RenderBody(draft)) }));
        }
        catch (NotEnoughItemsException ex)
        {
            return NoStore(context, new RazorComponentResult<AdminPreview>(new { NotBuiltReason = ex.Message }));
        }
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

        return new RazorComponentResult<Notice>(new { Heading = "No issue built", Text = outcome.NotBuiltReason ?? "nothing to publish", LinkHref = "/admin", LinkText = "Back to admin" });
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
        var logger = context.RequestServices.GetRequiredService<ILogger<SourceCatalog>>();
        Log.SourceSwitched(logger, enabled ? "enabled" : "disabled", id, source.Name);
        return SeeOther("/admin");
    }

    /// <summary>303 See Other: after a form post, the browser follows with a GET.</summary>
    private static SeeOtherResult SeeOther(string location) => new SeeOtherResult(location);

    /// <summary>Admin pages are never kept by a browser or a proxy.</summary>
    internal static IResult NoStore(HttpContext context, IResult result)
    {
        // The value antiforgery writes itself when a form on the page asks for its token (after this, while the page
        // renders): any other value makes it log a warning that it overrode ours.
        context.Response.Headers.CacheControl = "no-cache, no-store";
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
