using System.Collections.Concurrent;
using System.Text;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using RoundupBot.Model;
using RoundupBot.Rendering;

namespace RoundupBot.Web;

/// <summary>
/// Renders archived issues to HTML once and keeps them. Archived issues are immutable (the store refuses a second issue
/// with the same number), so an entry keyed by number and content hash never goes stale.
/// </summary>
public sealed class IssuePageCache
{
    /// <summary>The "Add to Discord" button pages show once the OAuth2 client is configured.</summary>
    public const string AddToDiscordButton = "<p class=\"add-to-discord\"><a class=\"button\" href=\"/discord/add\">Add to Discord</a> <span class=\"muted\">Get each new issue in a channel of your server.</span></p>";

    private readonly ConcurrentDictionary<(int Number, string Hash), IssuePage> _pages = new();
    private readonly ConcurrentDictionary<int, IssuePage> _byNumber = new();
    private readonly string _footer;
    private readonly string _etagSuffix;

    /// <summary>Pages without the "Add to Discord" button.</summary>
    public IssuePageCache()
        : this(addToDiscord: false)
    {
    }

    /// <summary>Pages with the "Add to Discord" button when <c>Discord:ApplicationId</c> and <c>Discord:ClientSecret</c> are set.</summary>
    public IssuePageCache(Microsoft.Extensions.Options.IOptions<Publishing.Discord.DiscordOptions> discord)
        : this(discord is { Value: { ApplicationId.Length: > 0, ClientSecret.Length: > 0 } })
    {
    }

    private IssuePageCache(bool addToDiscord)
    {
        _footer = addToDiscord ? AddToDiscordButton : "";
        // The button is part of the page: a page cached before it was configured must not count as current.
        _etagSuffix = addToDiscord ? "-d" : "";
    }

    /// <summary>True when pages carry the "Add to Discord" button.</summary>
    public bool ShowsAddToDiscord => _footer.Length > 0;

    /// <summary>Markdown to HTML with raw HTML off: feed text can never inject markup.</summary>
    internal static MarkdownPipeline Pipeline { get; } = new MarkdownPipelineBuilder().DisableHtml().Build();

    /// <summary>The page of <paramref name="digest"/>, rendered on first use.</summary>
    public IssuePage Get(Digest digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var hash = digest.ContentHash ?? throw new ArgumentException("only archived issues (with a content hash) are cached", nameof(digest));
        var page = _pages.GetOrAdd((digest.Number, hash), static (key, state) => new IssuePage(
            key.Number,
            key.Hash,
            $"\"{key.Hash}{state.Cache._etagSuffix}\"",
            Encoding.UTF8.GetBytes(HtmlPage.Render(state.Digest.Title, RenderBody(state.Digest) + state.Cache._footer))), (Digest: digest, Cache: this));
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
}
