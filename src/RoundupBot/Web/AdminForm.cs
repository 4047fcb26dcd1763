using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace RoundupBot.Web;

/// <summary>Reads an admin form after the antiforgery middleware checked it, turning every problem into a plain 400.</summary>
public static class AdminForm
{
    /// <summary>The largest admin form accepted; a bigger body is answered 413 before it is read.</summary>
    public const long MaxBodyBytes = 64 * 1024;

    public const string ExpiredMessage = "the form has expired; reload the page";

    /// <summary>The form, or the result to send instead (400 with a plain message).</summary>
    public static async Task<(IFormCollection? Form, IResult? Error)> ReadAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.User.Identity?.AuthenticationType == AdminAuthentication.BearerScheme)
        {
            // Browsers never add an Authorization header by themselves, so a bearer request cannot be forged cross-site:
            // scripts need no form token.
            context.Features.Set<IAntiforgeryValidationFeature>(new BearerValidated());
        }
        else if (context.Features.Get<IAntiforgeryValidationFeature>() is not { IsValid: true })
        {
            return (null, Results.Text(ExpiredMessage, statusCode: StatusCodes.Status400BadRequest));
        }

        if (!context.Request.HasFormContentType)
        {
            return (null, Results.Text("expected a form (application/x-www-form-urlencoded)", statusCode: StatusCodes.Status400BadRequest));
        }

        try
        {
            return (await context.Request.ReadFormAsync(context.RequestAborted), null);
        }
        catch (InvalidDataException)
        {
            return (null, Results.Text("the form is malformed", statusCode: StatusCodes.Status400BadRequest));
        }
    }

    private sealed class BearerValidated : IAntiforgeryValidationFeature
    {
        public bool IsValid => true;
        public Exception? Error => null;
    }
}
