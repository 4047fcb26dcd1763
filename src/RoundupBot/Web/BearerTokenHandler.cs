using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RoundupBot.Web;

/// <summary>Authenticates scripts that send <c>Authorization: Bearer &lt;Admin:Token&gt;</c>.</summary>
public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptions<AdminOptions> admin,
    AdminTokenThrottle throttle) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!AdminToken.Matches(admin.Value.Token, header["Bearer ".Length..].Trim()))
        {
            Log.AdminTokenRejected(Logger, "bearer");
            throttle.Failed(Context.Connection.RemoteIpAddress);
            return Task.FromResult(AuthenticateResult.Fail("wrong bearer token"));
        }

        throttle.Succeeded(Context.Connection.RemoteIpAddress);
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin")], Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        Response.ContentType = "text/plain; charset=utf-8";
        await Response.WriteAsync(AdminAuthentication.UnauthorizedMessage, Context.RequestAborted);
    }
}
