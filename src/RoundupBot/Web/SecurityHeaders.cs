using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace RoundupBot.Web;

/// <summary>
/// The headers every response carries, pages, errors, 404s and JSON alike: a strict Content-Security-Policy (the pages
/// have no script, font or external resource, so nothing is allowed beyond inline styles, own or data: images, forms
/// to this site, and no framing), <c>X-Content-Type-Options: nosniff</c> and <c>Referrer-Policy: no-referrer</c> (links
/// in issues go to other sites; confirm and unsubscribe URLs carry tokens).
/// </summary>
public static class SecurityHeaders
{
    /// <summary>The policy sent with every response.</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// Runs first. The headers are set as the response starts, so they survive a handler or middleware that clears
    /// the response (the store-outage 503 does) and land on answers written by any later step.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var response = context.Response;
        response.OnStarting(() =>
        {
            response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers["Referrer-Policy"] = "no-referrer";
            return Task.CompletedTask;
        });
        return next(context);
    });
}
