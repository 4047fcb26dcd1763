using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using RoundupBot.Editing;
using RoundupBot.Model;
using RoundupBot.Pipeline;
using RoundupBot.Rendering;
using RoundupBot.Storage;
using RoundupBot.Web.Pages;

namespace RoundupBot.Web;

/// <summary>
/// The draft editor behind the admin sign-in (<c>/admin/draft</c>): the page, and one form POST per operation, each with
/// antiforgery and the draft version the page showed, each calling <see cref="DraftDesk"/>. A change is saved at once and
/// answered 303 back to the page; bad input is 400 naming the field, a stale version 409 "changed meanwhile, reload",
/// no draft 404. Scripts may post the same forms with the bearer token.
/// </summary>
public static class AdminDraftEndpoints
{
    public static IEndpointRouteBuilder MapAdminDraftEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var draft = app.MapGroup("/admin/draft").RequireAuthorization(AdminAuthentication.Policy);
        draft.MapGet("", PageAsync);
        Post(draft, "/heading", (form, d) => DraftEdits.SetSectionHeading(d, Int(form, "section"), form["title"], form["emoji"]));
        Post(draft, "/move-section", (form, d) => DraftEdits.MoveSection(d, Int(form, "section"), Int(form, "position")));
        Post(draft, "/move-item", (form, d) => DraftEdits.MoveItem(d, Long(form, "item"), form["to"] == "other" ? null : Int(form, "to")));
        Post(draft, "/remove-item", (form, d) => DraftEdits.RemoveItem(d, Long(form, "item")));
        Post(draft, "/sentence", (form, d) => DraftEdits.EditSentence(d, Int(form, "section"), Int(form, "sentence"), form["text"]));
        Post(draft, "/delete-sentence", (form, d) => DraftEdits.DeleteSentence(d, Int(form, "section"), Int(form, "sentence")));
        Post(draft, "/add-sentence", (form, d) => DraftEdits.AddSentence(d, Int(form, "section"), form["text"],
            form["items"].Select(v => ParseLong("items", v)).ToList()));
        Post(draft, "/note", (form, d) => DraftEdits.SetEditorNote(d, form["note"]));
        draft.MapPost("/rebuild", (HttpContext context, DraftDesk desk) => RunAsync(context, async (version, ct) =>
        {
            await desk.RebuildAsync(version, "admin", ct);
            return SeeOther("/admin/draft");
        })).WithMetadata(new RequireAntiforgeryTokenAttribute());
        draft.MapPost("/approve", (HttpContext context, DraftDesk desk) => RunAsync(context, async (version, ct) =>
        {
            var (digest, _) = await desk.ApproveAsync(version, "admin", ct);
            return SeeOther($"/digests/{digest.Number.ToString(CultureInfo.InvariantCulture)}");
        })).WithMetadata(new RequireAntiforgeryTokenAttribute());
        draft.MapPost("/discard", (HttpContext context, DraftDesk desk) => RunAsync(context, async (version, ct) =>
        {
            await desk.DiscardAsync(version, "admin", ct);
            return SeeOther("/admin");
        })).WithMetadata(new RequireAntiforgeryTokenAttribute());
        return app;
    }

    private static void Post(RouteGroupBuilder group, string path, Func<IFormCollection, Digest, Digest> edit) =>
        group.MapPost(path, (HttpContext context, DraftDesk desk) => RunAsync(context, async (version, ct) =>
        {
            var form = context.Request.Form;
            await desk.EditAsync(version, path.TrimStart('/'), d => edit(form, d), "admin", ct);
            return SeeOther("/admin/draft");
        })).WithMetadata(new RequireAntiforgeryTokenAttribute());

    /// <summary>Reads the form (antiforgery checked) and its <c>version</c>, runs the operation, and turns the desk's refusals into answers.</summary>
    private static async Task<IResult> RunAsync(HttpContext context, Func<int, CancellationToken, Task<IResult>> operation)
    {
        var (form, error) = await AdminForm.ReadAsync(context);
        if (form is null)
        {
            return error!;
        }

        try
        {
            var version = Int(form, "version");
            // The operation belongs to the service, not the request: a closed tab must not cancel a publication half-way.
            return await operation(version, CancellationToken.None);
        }
        catch (DraftEditException ex)
        {
            return Problem(StatusCodes.Status400BadRequest, "Not changed", ex.Message);
        }
        catch (DraftChangedException ex)
        {
            return Problem(StatusCodes.Status409Conflict, "Changed meanwhile", ex.Message);
        }
        catch (NoDraftException ex)
        {
            return Problem(StatusCodes.Status404NotFound, "No draft", ex.Message);
        }
        catch (NotEnoughItemsException ex)
        {
            return Problem(StatusCodes.Status409Conflict, "Not rebuilt", ex.Message + " The draft is unchanged.");
        }
    }

    internal static async Task<IResult> PageAsync(HttpContext context, DraftDesk desk, IOptions<RoundupOptions> options, CancellationToken cancellationToken)
    {
        if (await desk.GetAsync(cancellationToken) is not { } draft)
        {
            return AdminEndpoints.NoStore(context, new RazorComponentResult<Notice>(new
            {
                Title = "Draft", Heading = "No draft", Text = NoDraftException.Text, LinkHref = "/admin", LinkText = "Back to admin",
            }));
        }

        var digest = draft.Digest;
        var discord = DiscordRenderer.Render(digest, null)
            .Select(message => string.Join("\n\n", (message.Embeds ?? []).Select(e => e.Title + "\n" + e.Description).Prepend(message.Content ?? "")))
            .ToList();
        return AdminEndpoints.NoStore(context, new RazorComponentResult<DraftEditor>(new
        {
            Draft = draft,
            IssueBody = new MarkupString(IssuePageCache.RenderBody(digest)),
            EmailText = TextRenderer.Render(digest, null),
            DiscordMessages = discord,
            AdminLink = DraftSummary.AdminLink(options.Value.BaseUrl),
        }));
    }

    private static RazorComponentResult<Notice> Problem(int status, string title, string message) =>
        new(new { Title = title, Heading = title, Text = message, LinkHref = "/admin/draft", LinkText = "Back to the draft" }) { StatusCode = status };

    private static int Int(IFormCollection form, string field) =>
        int.TryParse(form[field].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new DraftEditException(field, $"must be a whole number from 0; got '{Quote(form[field].ToString())}'.");

    private static long Long(IFormCollection form, string field) => ParseLong(field, form[field].ToString());

    private static long ParseLong(string field, string? text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new DraftEditException(field, $"must be an item id (a whole number); got '{Quote(text)}'.");

    private static string Quote(string? text) => text is null ? "" : text.Length > 32 ? text[..32] + "…" : text;

    private static SeeOtherResult SeeOther(string location) => new(location);

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
