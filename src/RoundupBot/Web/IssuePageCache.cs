using System.Collections.Concurrent;
using System.Text;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RoundupBot.Model;
using RoundupBot.Publishing.Discord;
using RoundupBot.Rendering;
using RoundupBot.Web.Pages;

namespace RoundupBot.Web;

/// <summary>
/// Renders archived issues to HTML once and keeps them. Archived issues are immutable (the store refuses a second issue
/// with the same number), so an entry keyed by number and content hash never goes stale.
/// </summary>
public sealed class IssuePageCache
{
    private readonly ConcurrentDictionary<(int Number, string Hash), IssuePage> _pages = new();
    private readonly ConcurrentDictionary<int, IssuePage> _byNumber = new();
    private readonly IServiceProvider _services;
    private readonly ILoggerFactory _loggerFactory;
    private readonly string _etagSuffix;

    /// <summary>Pages with the "Add to Discord" button when <c>Discord:ApplicationId</c> and <c>Discord:ClientSecret</c> are set.</summary>
    /// <param name="discord">The Discord options, read once.</param>
    /// <param name="services">The application's services, for the component renderer.</param>
    /// <param name="loggerFactory">For the component renderer's own logging.</param>
    public IssuePageCache(IOptions<DiscordOptions> discord, IServiceProvider services, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(discord);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _services = services;
        _loggerFactory = loggerFactory;
        ShowsAddToDiscord = discord.Value is { ApplicationId.Length: > 0, ClientSecret.Length: > 0 };
        // The button is part of the page: a page cached before it was configured must not count as current.
        _etagSuffix = ShowsAddToDiscord ? "-d" : "";
    }

    /// <summary>True when pages carry the "Add to Discord" button.</summary>
    public bool ShowsAddToDiscord { get; }

    /// <summary>Markdown to HTML with raw HTML off: feed text can never inject markup.</summary>
    internal static MarkdownPipeline Pipeline { get; } = new MarkdownPipelineBuilder().DisableHtml().Build();

    /// <summary>The page of <paramref name="digest"/> (an archived issue), rendered on first use.</summary>
    public async ValueTask<IssuePage> GetAsync(Digest digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var hash = digest.ContentHash ?? throw new ArgumentException("only archived issues (with a content hash) are cached", nameof(digest));
        if (!_pages.TryGetValue((digest.Number, hash), out var page))
        {
            // Two first requests may both render; the pages are the same bytes and the first one stored is kept.
            var html = await RenderPageAsync(digest);
            page = _pages.GetOrAdd((digest.Number, hash), new IssuePage(digest.Number, hash, $"\"{hash}{_etagSuffix}\"", Encoding.UTF8.GetBytes(html)));
        }

        _byNumber[digest.Number] = page;
        return page;
    }

    /// <summary>
    /// The page of an archived issue already rendered, without asking the store: an archived number never changes
    /// content, so a hit here saves the database read that dominates a cached page's cost.
    /// </summary>
    public bool TryGet(int number, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IssuePage? page) => _byNumber.TryGetValue(number, out page);

    /// <summary>The issue as safe HTML (no page around it): headings, period, sections with emoji, links.</summary>
    public static string RenderBody(Digest digest)
    {
        var document = Markdown.Parse(MarkdownRenderer.Render(digest), Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
        {
            // Item links come from feeds: only http(s) may become a clickable link (no javascript: or data: URLs).
            if (link.Url is { } url && !HttpUrl.IsValid(url))
            {
                link.Url = "#";
            }
        }

        return document.ToHtml(Pipeline);
    }

    /// <summary>The whole page: the body inside the layout every page shares (<see cref="ArchivedIssue"/>).</summary>
    private async Task<string> RenderPageAsync(Digest digest)
    {
        await using var renderer = new HtmlRenderer(_services, _loggerFactory);
        var parameters = ParameterView.FromDictionary(new Dictionary<string, object?>
        {
            [nameof(ArchivedIssue.Title)] = digest.Title,
            [nameof(ArchivedIssue.Body)] = new MarkupString(RenderBody(digest)),
            [nameof(ArchivedIssue.ShowAddToDiscord)] = ShowsAddToDiscord,
        });
        return await renderer.Dispatcher.InvokeAsync(async () => (await renderer.RenderComponentAsync<ArchivedIssue>(parameters)).ToHtmlString());
    }
}
