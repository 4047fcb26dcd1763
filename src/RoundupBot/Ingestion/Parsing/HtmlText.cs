using System.Buffers;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html;
using AngleSharp.Text;
using AngleSharp.Html.Parser;

namespace RoundupBot.Ingestion.Parsing;

/// <summary>
/// Reduces HTML (a feed's description or content, a page fragment) to clean plain text: scripts, styles and other
/// non-text elements dropped, block elements separated by a space, entities decoded, whitespace collapsed to single
/// spaces and trimmed. Text without <c>&lt;</c> or <c>&amp;</c> skips the HTML parser. Thread-safe; never throws for
/// bad markup (HTML parsing always recovers).
/// </summary>
/// <remarks>
/// This is where feed HTML stops: items keep only this text, and every renderer encodes it, so no markup from a feed
/// is ever sent. That is why no HTML sanitizer (HtmlSanitizer) runs here: it cleans HTML that is to be kept as HTML. What
/// matters is that script and style content never becomes text; tests/RoundupBot.Tests/Pipeline/HostileFeedTests.cs
/// checks that end to end.
/// </remarks>
public static partial class HtmlText
{
    private static readonly HashSet<string> _skipped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "noembed", "noframes", "xmp", "template", "head", "iframe", "object", "svg", "canvas", "select",
    };

    // Every character char.IsWhiteSpace accepts.
    private const string WhitespaceCharacters =
        "\t\n\v\f\r \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000";

    /// <summary>The characters <see cref="char.IsWhiteSpace(char)"/> accepts, for vectorized searches.</summary>
    internal static readonly SearchValues<char> Whitespace = SearchValues.Create(WhitespaceCharacters);

    private static readonly SearchValues<char> WhitespaceButSpace = SearchValues.Create(WhitespaceCharacters.Replace(" ", "", StringComparison.Ordinal));

    private static readonly HashSet<string> _blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt", "figcaption", "figure",
        "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
        "summary", "table", "td", "th", "tr", "ul", "caption", "img",
    };

    /// <summary>Plain text of <paramref name="html"/>; empty for null or blank input.</summary>
    public static string ToPlainText(string? html)
    {
        if (string.IsNullOrEmpty(html))
        {
            return "";
        }
        if (html.IndexOf('<', StringComparison.Ordinal) < 0)
        {
            return CollapseWhitespace(html.Contains('&', StringComparison.Ordinal) ? WebUtility.HtmlDecode(html) : html);
        }

        // The tokenizer alone, without building a DOM: a feed's summaries are many small fragments, and building a
        // document for each costs several times more than the whole feed's XML parsing.
        using var source = new TextSource(html);
        using var tokenizer = new HtmlTokenizer(source, HtmlEntityProvider.Resolver);
        var builder = new StringBuilder(html.Length);
        var pendingSpace = false;
        string? skipping = null;
        var skipDepth = 0;
        // HTML ignores the "/" of <script/> or <style/>: a browser reads what follows as script or CSS up to the end tag.
        // XHTML serialised from XML (Atom xhtml content) writes an empty <script></script> the same way, with real text
        // after it. So text after a self-closed raw-text element is kept only until that element's start or end tag
        // turns up; then it was the element's content after all, and comes back out.
        List<(string Name, int Length, bool PendingSpace)>? selfClosed = null;
        while (true)
        {
            var token = tokenizer.Get();
            switch (token.Type)
            {
                case HtmlTokenType.EndOfFile:
                    return builder.ToString();
                case HtmlTokenType.Character when skipping is null:
                    AppendText(token.Data, builder, ref pendingSpace);
                    break;
                case HtmlTokenType.StartTag:
                    var name = token.Name;
                    if (skipping is not null)
                    {
                        skipDepth += name == skipping && !token.AsTag().IsSelfClosing ? 1 : 0;
                    }
                    else if (_skipped.Contains(name))
                    {
                        // As the tree builder would: these elements' content is raw text, not markup.
                        HtmlParseMode? rawText = name switch
                        {
                            "script" => HtmlParseMode.Script,
                            "style" or "noscript" or "iframe" or "noembed" or "noframes" or "xmp" => HtmlParseMode.Rawtext,
                            _ => null,
                        };
                        if (!token.AsTag().IsSelfClosing)
                        {
                            TakeBack(selfClosed, name, builder, ref pendingSpace);
                            skipping = name;
                            skipDepth = 1;
                            tokenizer.State = rawText ?? tokenizer.State;
                        }
                        else if (rawText is not null)
                        {
                            (selfClosed ??= []).Add((name, builder.Length, pendingSpace));
                        }
                    }
                    pendingSpace |= _blocks.Contains(name);
                    break;
                case HtmlTokenType.EndTag:
                    if (skipping is not null)
                    {
                        if (token.Name == skipping && --skipDepth == 0)
                        {
                            skipping = null;
                        }
                    }
                    else
                    {
                        TakeBack(selfClosed, token.Name, builder, ref pendingSpace);
                    }
                    pendingSpace |= _blocks.Contains(token.Name);
                    break;
            }
        }
    }

    /// <summary>
    /// When a self-closed raw-text element named <paramref name="name"/> is pending, drops the text written since it (and
    /// any later pending ones): a start or end tag of that name shows it was never empty.
    /// </summary>
    private static void TakeBack(List<(string Name, int Length, bool PendingSpace)>? selfClosed, string name, StringBuilder builder, ref bool pendingSpace)
    {
        var index = selfClosed?.FindIndex(e => e.Name == name) ?? -1;
        if (index < 0)
        {
            return;
        }
        var mark = selfClosed![index];
        builder.Length = mark.Length;
        pendingSpace = mark.PendingSpace;
        selfClosed.RemoveRange(index, selfClosed.Count - index);
    }

    /// <summary>Plain text of an element already parsed (an HTML page's item, say), by the same rules.</summary>
    public static string FromNode(INode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var builder = new StringBuilder();
        var pendingSpace = false;
        Append(node, builder, ref pendingSpace);
        return builder.ToString();
    }

    /// <summary>
    /// The absolute http(s) targets of the <c>&lt;a href&gt;</c> links in <paramref name="html"/>, in order, each once,
    /// resolved against <paramref name="baseUrl"/>. A scan rather than a parse, because it runs on every entry's full content.
    /// </summary>
    public static IReadOnlyList<string> FindLinks(string? html, Uri? baseUrl)
    {
        if (string.IsNullOrEmpty(html) || html.IndexOf("<a", StringComparison.OrdinalIgnoreCase) < 0)
        {
            return [];
        }
        List<string>? links = null;
        for (var match = AnchorHrefRegex().Match(html); match.Success; match = match.NextMatch())
        {
            var href = match.Groups["v"].Value;
            if (href.Contains('&', StringComparison.Ordinal))
            {
                href = WebUtility.HtmlDecode(href);
            }
            if (FeedUrls.Resolve(href, baseUrl) is { } absolute)
            {
                links ??= [];
                if (!links.Contains(absolute))
                {
                    links.Add(absolute);
                }
            }
        }
        return links is null ? [] : links;
    }

    /// <summary>
    /// A whole page as a DOM, for callers in this folder that need one (HTML sources, discovery), under
    /// <paramref name="budget"/>: elements nested deeper than <see cref="FeedParser.MaxDepth"/> fail the parse, and the
    /// budget's token is checked as each element is created.
    /// </summary>
    /// <remarks>
    /// A parser per call (one per page, not per fragment), because the callback carries this parse's budget. AngleSharp's
    /// own <c>MaximumDepth</c> sits just past ours, so even before our check fires the tree it builds stays shallow:
    /// without it, each level deeper makes every later element dearer (100,000 nested &lt;div&gt; took minutes).
    /// </remarks>
    internal static IHtmlDocument ParseDocument(string html, ParseBudget budget)
    {
        IElement? previous = null;
        var options = new HtmlParserOptions
        {
            IsScripting = false,
            MaximumDepth = FeedParser.MaxDepth + 2,
            OnCreated = (element, _) =>
            {
                budget.Check();
                // The element created before this one has been inserted by now: its depth is known, and counting it
                // stops after MaxDepth parents, so the check stays cheap however deep the page tries to go.
                if (previous is not null && DepthExceeds(previous, FeedParser.MaxDepth))
                {
                    throw budget.TooDeep("HTML elements");
                }
                previous = element;
            },
        };
        var document = new HtmlParser(options).ParseDocument(html);
        if (previous is not null && DepthExceeds(previous, FeedParser.MaxDepth))
        {
            document.Dispose();
            throw budget.TooDeep("HTML elements");
        }
        return document;
    }

    private static bool DepthExceeds(IElement element, int limit)
    {
        var depth = 0;
        for (var current = element; current is not null; current = current.ParentElement)
        {
            if (++depth > limit)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Collapses every run of whitespace (non-breaking spaces included) to one space and trims the ends.</summary>
    public static string CollapseWhitespace(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var needed = text.Length > 0
            && (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1])
                || text.AsSpan().ContainsAny(WhitespaceButSpace) || text.Contains("  ", StringComparison.Ordinal));
        if (!needed)
        {
            return text;
        }
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        AppendText(text, builder, ref pendingSpace);
        return builder.ToString();
    }

    private static void Append(INode node, StringBuilder builder, ref bool pendingSpace)
    {
        for (var child = node.FirstChild; child is not null; child = child.NextSibling)
        {
            if (child is IText text)
            {
                AppendText(text.Data, builder, ref pendingSpace);
            }
            else if (child is IElement element)
            {
                var name = element.LocalName;
                if (_skipped.Contains(name))
                {
                    continue;
                }
                var isBlock = _blocks.Contains(name);
                pendingSpace |= isBlock;
                Append(element, builder, ref pendingSpace);
                pendingSpace |= isBlock;
            }
        }
    }

    // Word by word rather than character by character: a feed's text is mostly words, and this runs on all of it.
    private static void AppendText(ReadOnlySpan<char> text, StringBuilder builder, ref bool pendingSpace)
    {
        while (!text.IsEmpty)
        {
            var space = text.IndexOfAny(Whitespace);
            var word = space < 0 ? text : text[..space];
            if (!word.IsEmpty)
            {
                if (pendingSpace && builder.Length > 0)
                {
                    builder.Append(' ');
                }
                builder.Append(word);
                pendingSpace = false;
            }
            if (space < 0)
            {
                return;
            }
            pendingSpace = true;
            text = text[(space + 1)..];
        }
    }

    // The href attribute of an <a> start tag, quoted or not; the value is everything up to the matching quote.
    [GeneratedRegex("""<a\s[^>]*?\bhref\s*=\s*(?:"(?<v>[^"]*)"|'(?<v>[^']*)'|(?<v>[^\s"'>]+))""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AnchorHrefRegex();
}
