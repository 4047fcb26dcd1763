using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace RoundupBot.Tests.Web;

/// <summary>
/// A page as a browser reads it: parsed with AngleSharp, so tests check what a visitor sees (headings, text, links,
/// form fields) and not the exact markup the templates happen to write.
/// </summary>
internal sealed class WebPage
{
    private static readonly HtmlParser Parser = new();

    private WebPage(HttpStatusCode status, IHtmlDocument document)
    {
        Status = status;
        Document = document;
    }

    public HttpStatusCode Status { get; }
    public IHtmlDocument Document { get; }

    /// <summary>The document's title, as a browser tab shows it.</summary>
    public string Title => Document.Title ?? "";

    /// <summary>The text of the first <c>h1</c>, or "" when there is none.</summary>
    public string Heading => Document.QuerySelector("h1")?.TextContent.Trim() ?? "";

    /// <summary>
    /// The visible text of the page's <c>main</c> (or body) as a reader would copy it: blocks (headings, paragraphs,
    /// list items, cells) apart, inline text together, whitespace collapsed to single spaces.
    /// </summary>
    public string Text => VisibleText(Document.QuerySelector("main") ?? Document.Body);

    public static WebPage Parse(string html, HttpStatusCode status = HttpStatusCode.OK) => new(status, Parser.ParseDocument(html));

    /// <summary>GETs <paramref name="path"/> and parses what came back, whatever the status.</summary>
    public static async Task<WebPage> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return await FromAsync(response);
    }

    public static async Task<WebPage> FromAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return Parse(await response.Content.ReadAsStringAsync(), response.StatusCode);
    }

    /// <summary>The one form that posts to <paramref name="action"/> (its action attribute as written, query included).</summary>
    public IHtmlFormElement Form(string action) =>
        Assert.Single(Document.Forms, f => f.GetAttribute("action") == action);

    /// <summary>The forms posting to <paramref name="action"/>.</summary>
    public IReadOnlyList<IHtmlFormElement> Forms(string action) => [.. Document.Forms.Where(f => f.GetAttribute("action") == action)];

    /// <summary>The value of the field named <paramref name="name"/> in <paramref name="form"/>.</summary>
    public static string? Field(IHtmlFormElement form, string name) =>
        form.Elements.OfType<IHtmlInputElement>().SingleOrDefault(i => i.Name == name)?.Value;

    /// <summary>Every link's href as written, with its visible text.</summary>
    public IReadOnlyList<(string Href, string Text)> Links =>
        [.. Document.QuerySelectorAll("a[href]").Select(a => (a.GetAttribute("href")!, Collapse(a.TextContent)))];

    /// <summary>The rows of the table that follows the heading <paramref name="heading"/> (before the next heading, in a box or not), each as its cells' text.</summary>
    public IReadOnlyList<IReadOnlyList<string>> TableAfter(string heading)
    {
        var title = Assert.Single(Document.QuerySelectorAll("h2, h3"), h => Collapse(h.TextContent) == heading);
        IElement? table = null;
        for (var next = title.NextElementSibling; next is not null && table is null && next.LocalName is not ("h2" or "h3"); next = next.NextElementSibling)
        {
            table = next.LocalName == "table" ? next : next.QuerySelector("table");
        }

        Assert.True(table is not null, $"no table follows the heading \"{heading}\"");
        return [.. table.QuerySelectorAll("tbody tr").Select(r => (IReadOnlyList<string>)[.. r.Children.Select(c => Collapse(c.TextContent))])];
    }

    /// <summary>The text of <paramref name="node"/> with a space around every block element, collapsed.</summary>
    public static string VisibleText(INode? node)
    {
        var text = new System.Text.StringBuilder();
        Walk(node);
        return Collapse(text.ToString());

        void Walk(INode? current)
        {
            switch (current)
            {
                case IText t:
                    text.Append(t.Data);
                    break;
                case IElement { LocalName: "script" or "style" }:
                    break;
                case IElement e:
                    var block = Blocks.Contains(e.LocalName);
                    text.Append(block ? " " : "");
                    foreach (var child in e.ChildNodes)
                    {
                        Walk(child);
                    }

                    text.Append(block ? " " : "");
                    break;
            }
        }
    }

    private static readonly HashSet<string> Blocks = ["p", "h1", "h2", "h3", "h4", "li", "ul", "ol", "table", "tr", "td", "th", "form", "main", "nav", "div", "label", "br"];

    public static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The cells' text of the first row whose cells include <paramref name="cell"/>.</summary>
    public static IReadOnlyList<string> RowWith(IReadOnlyList<IReadOnlyList<string>> rows, string cell) =>
        Assert.Single(rows, r => r.Contains(cell));

    public IElement? One(string selector) => Document.QuerySelector(selector);
}
