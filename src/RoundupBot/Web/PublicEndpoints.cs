using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using RoundupBot.Model;
using RoundupBot.Pipeline;
using RoundupBot.Storage;
using RoundupBot.Web.Pages;

namespace RoundupBot.Web;

/// <summary>What readers see: the latest issue, the archive, each issue and the Atom feed.</summary>
public static class PublicEndpoints
{
    /// <summary>How long browsers and proxies may keep a page before asking again (with If-None-Match).</summary>
    public const string CacheControl = "public, max-age=300";

    /// <summary>
    /// The same without <c>Roundup:BaseUrl</c>: the browser may keep the page, a shared cache may not, since a site whose
    /// public address is not configured cannot say which host a cached copy belongs to.
    /// </summary>
    public const string PrivateCacheControl = "private, max-age=300";

    public static IEndpointRouteBuilder MapPublicEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/", LatestAsync);
        app.MapGet("/digests", ArchiveAsync);
        app.MapGet("/digests/{number:int}", IssueAsync);
        app.MapGet("/feed.atom", FeedAsync);
        return app;
    }

    internal static async Task<IResult> LatestAsync(IRoundupStore store, IssuePageCache cache, IOptions<RoundupOptions> options, HttpContext context, CancellationToken cancellationToken)
    {
        var latest = await store.GetLatestDigestAsync(cancellationToken);
        if (latest is null)
        {
            return new RazorComponentResult<NoIssuesYet>(new { ShowAddToDiscord = cache.ShowsAddToDiscord });
        }

        return SendPage(context, options.Value, await cache.GetAsync(latest));
    }

    internal static async Task<IResult> IssueAsync(int number, IRoundupStore store, IssuePageCache cache, IOptions<RoundupOptions> options, HttpContext context, CancellationToken cancellationToken)
    {
        if (cache.TryGet(number, out var cached))
        {
            return SendPage(context, options.Value, cached);
        }

        var digest = number > 0 ? await store.GetDigestAsync(number, cancellationToken) : null;
        return digest is null
            ? Results.Text($"There is no issue #{number.ToString(CultureInfo.InvariantCulture)}; see /digests for the archive.", statusCode: StatusCodes.Status404NotFound)
            : SendPage(context, options.Value, await cache.GetAsync(digest));
    }

    internal static async Task<IResult> ArchiveAsync(IRoundupStore store, CancellationToken cancellationToken) =>
        new RazorComponentResult<Archive>(new { Digests = await store.ListDigestsAsync(cancellationToken) });

    internal static async Task<IResult> FeedAsync(IRoundupStore store, IOptions<RoundupOptions> options, HttpContext context, CancellationToken cancellationToken)
    {
        // The feed carries the last 20 issues in full: enough for any reader that polls weekly.
        var summaries = (await store.ListDigestsAsync(cancellationToken)).Take(20).ToList();
        var issues = new List<(Digest, DateTimeOffset)>(summaries.Count);
        foreach (var summary in summaries)
        {
            if (await store.GetDigestAsync(summary.Number, cancellationToken) is { } digest)
            {
                issues.Add((digest, summary.PublishedAt));
            }
        }

        var etag = $"\"feed-{string.Join('-', summaries.Select(s => s.ContentHash.Length > 12 ? s.ContentHash[..12] : s.ContentHash))}\"";
        context.Response.Headers.CacheControl = CacheControlFor(options.Value);
        context.Response.Headers.ETag = etag;
        if (Matches(context.Request, etag))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        var body = AtomFeedWriter.Write(PublicBaseUrl(options.Value), options.Value.Title, issues);
        return Results.Bytes(body, "application/atom+xml; charset=utf-8");
    }

    /// <summary>
    /// The public root for absolute links: <c>Roundup:BaseUrl</c> without its trailing slash, or null when it is not
    /// set. Never the request's Host header, which the client chooses: a forged Host would put the attacker's site into
    /// the feed's links (and into every shared cache that keeps it).
    /// </summary>
    internal static string? PublicBaseUrl(RoundupOptions options) =>
        string.IsNullOrWhiteSpace(options.BaseUrl) ? null : options.BaseUrl.TrimEnd('/');

    /// <summary><see cref="CacheControl"/> with <c>Roundup:BaseUrl</c> set, else <see cref="PrivateCacheControl"/>.</summary>
    internal static string CacheControlFor(RoundupOptions options) =>
        PublicBaseUrl(options) is null ? PrivateCacheControl : CacheControl;

    private static IResult SendPage(HttpContext context, RoundupOptions options, IssuePage page)
    {
        var headers = context.Response.Headers;
        headers.ETag = page.ETag;
        headers.CacheControl = CacheControlFor(options);
        return Matches(context.Request, page.ETag)
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : Results.Bytes(page.Body, "text/html; charset=utf-8");
    }

    private static bool Matches(HttpRequest request, string etag)
    {
        foreach (var value in request.Headers.IfNoneMatch)
        {
            foreach (var candidate in (value ?? "").Split(','))
            {
                var tag = candidate.Trim();
                if (tag == "*" || tag == etag || tag == "W/" + etag)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
