using System.Net;
using System.Text;
using RoundupBot.Model;

namespace RoundupBot.Rendering;

/// <summary>
/// The HTML part of the issue email (and <c>digest.html</c>): a table-based, 600-pixel-wide layout that mail clients
/// render alike, with a hidden preheader, the title and period, the intro, the "In today's edition" list, each section
/// under its emoji heading with every sentence linked to the item it cites (as <see cref="MarkdownRenderer"/> does),
/// the other reads and a footer with the reason, a visible unsubscribe link and the web link. The CSS is written once
/// and inlined with PreMailer.Net; the head keeps it too, for the dark-mode and phone media queries. No images, no
/// scripts, no tracking.
/// </summary>
/// <remarks>
/// Every text from feeds is HTML-encoded, so it never becomes markup; only absolute http(s) links become hrefs, any
/// other link renders as plain text. A seven-section issue stays far below Gmail's 102 KB clipping limit.
/// </remarks>
public static class EmailHtmlRenderer
{
    // Rules in the media queries carry !important: they must beat the inlined style attributes. The container's width
    // is its width="600" attribute, not CSS: PreMailer copies a CSS width into the attribute as "600px", which Outlook
    // misreads, and any CSS width (the phone query's 100%) overrides the attribute anyway. Text may break inside a word
    // only where it would not fit (overflow-wrap:anywhere; word-break:break-word for older WebKit clients): feed text
    // carries long URLs ("code at https://github.com/…"), and one unbroken URL widens a table cell past a phone's screen.
    private const string Style = """
        body{margin:0;padding:0;background-color:#f3f3f1;color:#1d1d1f;-webkit-text-size-adjust:100%}
        .outer{background-color:#f3f3f1}
        .container{max-width:600px;background-color:#ffffff}
        .content{padding:24px 28px;font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;font-size:16px;line-height:1.55;color:#1d1d1f;overflow-wrap:anywhere;word-break:break-word}
        .title{margin:0 0 4px;font-size:24px;line-height:1.25;color:#1d1d1f}
        .period{margin:0 0 16px;font-size:14px;color:#5f6368}
        p{margin:0 0 14px}
        a{color:#0b57d0;text-decoration:underline}
        .edition{margin:0 0 18px;padding-left:22px}
        .section-heading{margin:26px 0 10px;font-size:20px;line-height:1.3;color:#1d1d1f}
        .reads{font-size:14px;color:#5f6368}
        .other{margin:0;padding-left:22px}
        .other li{margin:0 0 8px}
        .footer{padding:18px 28px 28px;font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;font-size:13px;line-height:1.5;color:#5f6368;border-top:1px solid #dddddd;overflow-wrap:anywhere;word-break:break-word}
        .footer a{color:#5f6368}
        @media (prefers-color-scheme: dark){
        body,.outer{background-color:#111214 !important}
        .container{background-color:#1c1d20 !important}
        .content,.title,.section-heading{color:#e8e6e3 !important}
        .period,.reads,.footer,.footer a{color:#a0a4ab !important}
        a{color:#8ab4f8 !important}
        .footer{border-top-color:#3a3b3f !important}
        }
        @media (max-width: 620px){
        .container{width:100% !important;max-width:100% !important}
        .content{padding:18px 16px !important;font-size:17px !important}
        .footer{padding:16px 16px 24px !important}
        .title{font-size:22px !important}
        }
        """;

    // Hidden everywhere: Outlook honours mso-hide, the others display/max-height/overflow. No 1px font size: the other
    // rules hide it already, and SpamAssassin counts 0-1px text as invisible text (FONT_INVIS_MSGID scores 1.0 on it).
    private const string PreheaderStyle = "display:none;max-height:0;max-width:0;opacity:0;overflow:hidden;mso-hide:all";

    /// <summary>Renders the whole HTML document for one recipient.</summary>
    /// <exception cref="ArgumentNullException">When <paramref name="digest"/> or <paramref name="links"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// When <see cref="EmailLinks.UnsubscribeUrl"/> is empty or neither an absolute http(s) URL nor a <c>#</c> placeholder.
    /// </exception>
    public static string Render(Digest digest, EmailLinks links)
    {
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(links);
        ArgumentException.ThrowIfNullOrWhiteSpace(links.UnsubscribeUrl);
        digest = DigestText.Readable(digest);
        if (!IsFooterUrl(links.UnsubscribeUrl))
        {
            // A footer without a working way to leave is worse than no email.
            throw new ArgumentException("The unsubscribe link must be an absolute http(s) URL (or a '#' placeholder in a preview).", nameof(links));
        }

        var html = new StringBuilder(16 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<meta name=\"color-scheme\" content=\"light dark\"><meta name=\"supported-color-schemes\" content=\"light dark\">")
            .Append("<title>").Append(Encode(digest.Title)).Append("</title>")
            .Append("<style>").Append(Style).Append("</style></head>\n<body>\n");
        html.Append("<div class=\"preheader\" style=\"").Append(PreheaderStyle).Append("\">").Append(Encode(Preheader(DigestText.NoteParagraphs(digest) is [var note, ..] ? note : digest.Intro)))
            // Fillers keep the body's first words out of the inbox preview after the preheader.
            .Append(string.Concat(Enumerable.Repeat("&#847;&zwnj;&nbsp;", 40))).Append("</div>\n");
        html.Append("<table role=\"presentation\" class=\"outer\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\"><tr><td align=\"center\">\n")
            .Append("<table role=\"presentation\" class=\"container\" width=\"600\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\">\n")
            .Append("<tr><td class=\"content\">\n");
        html.Append("<h1 class=\"title\">").Append(Encode(digest.Title)).Append("</h1>\n")
            .Append("<p class=\"period\">").Append(Encode(DigestText.Period(digest))).Append("</p>\n");
        foreach (var paragraph in DigestText.NoteParagraphs(digest))
        {
            html.Append("<p class=\"note\"><em>").Append(Encode(paragraph)).Append("</em></p>\n");
        }

        html.Append("<p>").Append(Encode(digest.Intro)).Append("</p>\n")
            .Append("<p><strong>").Append(Encode(DigestText.InTodaysEdition)).Append("</strong></p>\n<ul class=\"edition\">");
        foreach (var section in digest.Sections)
        {
            html.Append("<li>").Append(Encode(section.Emoji)).Append(' ').Append(Encode(section.Title)).Append("</li>");
        }

        html.Append("</ul>\n");
        foreach (var section in digest.Sections)
        {
            AppendSection(html, section);
        }

        if (digest.OtherReads.Count > 0)
        {
            html.Append("<h2 class=\"section-heading\">").Append(Encode(DigestText.OtherReadsHeading)).Append("</h2>\n<ul class=\"other\">");
            foreach (var item in digest.OtherReads)
            {
                html.Append("<li>").Append(Link(item.Title, item.Link));
                if (!string.IsNullOrWhiteSpace(item.Description))
                {
                    html.Append(" — ").Append(Encode(item.Description));
                }

                if (item.Related is { Count: > 0 } related)
                {
                    html.Append(" (").Append(Discussed(related)).Append(')');
                }

                html.Append("</li>");
            }

            html.Append("</ul>\n");
        }

        html.Append("</td></tr>\n<tr><td class=\"footer\">\n<p>").Append(Encode(links.Reason)).Append("</p>\n<p>")
            .Append(FooterLink("Unsubscribe", links.UnsubscribeUrl));
        if (!string.IsNullOrWhiteSpace(links.WebUrl))
        {
            html.Append(" · ").Append(FooterLink("Read this issue on the web", links.WebUrl));
        }

        html.Append("</p>\n</td></tr>\n</table>\n</td></tr></table>\n</body></html>\n");
        return Inline(html.ToString());
    }

    private static void AppendSection(StringBuilder html, Section section)
    {
        html.Append("<h2 class=\"section-heading\">").Append(Encode(section.Emoji)).Append(' ').Append(Encode(section.Title)).Append("</h2>\n<p>");
        var first = true;
        foreach (var sentence in section.Sentences)
        {
            html.Append(first ? "" : " ");
            first = false;
            foreach (var (text, item) in DigestText.Pieces(section, sentence))
            {
                html.Append(item is null ? Encode(text) : Link(text, item.Link));
            }

            if (DigestText.Citation(section, sentence) is { } cited)
            {
                html.Append(" (").Append(Link(cited.Source ?? "source", cited.Link)).Append(')');
            }
        }

        html.Append("</p>\n");
        if (section.Items.Count > 0)
        {
            html.Append("<p class=\"reads\">Read: ")
                .Append(string.Join(" · ", section.Items.Select(i => Link(i.Title, i.Link))))
                .Append("</p>\n");
        }

        foreach (var item in section.Items.Where(i => i.Related is { Count: > 0 }))
        {
            html.Append("<p class=\"reads\"><em>").Append(Encode(item.Title)).Append("</em> — ").Append(Discussed(item.Related!)).Append("</p>\n");
        }
    }

    /// <summary>"discussed in title (Source), …", each title a link: a story's other coverage.</summary>
    private static string Discussed(IReadOnlyList<RelatedLink> related) =>
        "discussed in " + string.Join(", ", related.Select(r => $"{Link(r.Title, r.Link)} ({Encode(r.Source)})"));

    /// <summary>Moves the style block's rules into style attributes, keeping the block for the media queries.</summary>
    private static string Inline(string html)
    {
        var result = PreMailer.Net.PreMailer.MoveCssInline(html, removeStyleElements: false);
        return result.Html;
    }

    /// <summary>The intro's first sentence: what the inbox shows under the subject.</summary>
    internal static string Preheader(string intro)
    {
        var text = intro.Trim();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is '.' or '!' or '?' && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1])))
            {
                return text[..(i + 1)];
            }
        }

        return text;
    }

    /// <summary>An anchor when <paramref name="url"/> is an absolute http(s) URL, else the text alone.</summary>
    private static string Link(string text, string url) =>
        HttpUrl(url) is { } safe ? $"<a href=\"{Encode(safe)}\">{Encode(text)}</a>" : Encode(text);

    /// <summary>Footer links come from our own configuration, but a preview's fragment placeholder must work too.</summary>
    private static string FooterLink(string text, string url) =>
        IsFooterUrl(url) ? $"<a href=\"{Encode(HttpUrl(url) ?? url)}\">{Encode(text)}</a>" : Encode(text);

    private static bool IsFooterUrl(string url) => url.StartsWith('#') || HttpUrl(url) is not null;

    internal static string? HttpUrl(string? url) => RoundupBot.HttpUrl.TryParse(url)?.AbsoluteUri;

    private static string Encode(string? text) => WebUtility.HtmlEncode((text ?? "").ReplaceLineEndings(" "));
}
