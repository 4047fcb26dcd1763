using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RoundupBot.Web;

/// <summary>
/// Admin sign-in: a cookie set by <c>POST /admin/signin</c> for browsers, a bearer header for scripts. A policy scheme
/// picks the bearer handler when the request carries one, the cookie otherwise. Every cookie is checked against
/// <see cref="AdminSessions"/> on every request.
/// </summary>
public static class AdminAuthentication
{
    public const string Scheme = "Admin";
    public const string CookieScheme = "AdminCookie";
    public const string BearerScheme = "AdminBearer";
    public const string Policy = "Admin";
    public const string CookieName = "roundup_admin";
    public const string UnauthorizedMessage = "Unauthorized: sign in at /admin/signin, or send Authorization: Bearer with the admin token.";

    public static IServiceCollection AddAdminAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Admin cookie or bearer token", o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? BearerScheme : CookieScheme)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerScheme, null)
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.Cookie.Path = "/admin";
                o.ExpireTimeSpan = AdminSessions.IdleTimeout;
                o.SlidingExpiration = true;
                o.Events.OnValidatePrincipal = async context =>
                {
                    var sessions = context.HttpContext.RequestServices.GetRequiredService<AdminSessions>();
                    if (sessions.WhyNotValid(context.Principal) is { } reason)
                    {
                        var logger = context.HttpContext.RequestServices.GetRequiredService<ILogger<AdminSessions>>();
                        Log.AdminSessionRefused(logger, reason);
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(CookieScheme);
                    }
                };
                o.LoginPath = "/admin/signin";
                o.Events.OnRedirectToLogin = context =>
                {
                    // A person in a browser is sent to the form; anything else (scripts, forms posted after expiry) gets a plain 401.
                    var request = context.Request;
                    if (HttpMethods.IsGet(request.Method) && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
                    {
                        context.Response.Redirect("/admin/signin");
                        return Task.CompletedTask;
                    }

                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    context.Response.ContentType = "text/plain; charset=utf-8";
                    return context.Response.WriteAsync(UnauthorizedMessage, context.HttpContext.RequestAborted);
                };
                o.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(Policy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser());
        return services;
    }
}
