using System.Net;
using System.Text;

namespace RoundupBot.Web;

/// <summary>The one small layout every page shares: readable on a phone, dark mode from the system, no scripts.</summary>
public static class HtmlPage
{
    private const string Style = """
        :root{color-scheme:light dark;--fg:#1d1d1f;--bg:#fdfdfc;--muted:#5f6368;--link:#0b57d0;--line:#ddd}
        @media (prefers-color-scheme:dark){:root{--fg:#e8e6e3;--bg:#16171a;--muted:#a0a4ab;--link:#8ab4f8;--line:#3a3b3f}}
        body{margin:0 auto;max-width:42rem;padding:1rem 1.1rem 3rem;font:1.05rem/1.6 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg)}
        a{color:var(--link)}h1{font-size:1.6rem;line-height:1.25}h2{font-size:1.25rem;margin-top:2rem}
        nav{font-size:.9rem;color:var(--muted);border-bottom:1px solid var(--line);padding-bottom:.5rem}
        table{border-collapse:collapse;width:100%;font-size:.9rem}td,th{border-bottom:1px solid var(--line);padding:.3rem;text-align:left;vertical-align:top}
        form.inline{display:inline}input,button{font:inherit}.muted{color:var(--muted)}.error{color:#c5221f}
        a.button{display:inline-block;padding:.45rem .95rem;border-radius:.4rem;background:#5865f2;color:#fff;text-decoration:none;font-weight:600}
        """;

    /// <summary>A whole HTML document around <paramref name="bodyHtml"/> (already safe HTML); <paramref name="title"/> is encoded here.</summary>
    public static string Render(string title, string bodyHtml)
    {
        var html = new StringBuilder(bodyHtml.Length + 2048);
        html.Append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(Encode(title)).Append("</title>")
            .Append("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Issues\" href=\"/feed.atom\">")
            .Append("<style>").Append(Style).Append("</style></head><body>")
            .Append("<nav><a href=\"/\">Latest</a> · <a href=\"/digests\">Archive</a> · <a href=\"/feed.atom\">Atom feed</a> · <a href=\"/subscribe\">Subscribe</a></nav>\n<main>")
            .Append(bodyHtml)
            .Append("</main></body></html>\n");
        return html.ToString();
    }

    /// <summary>HTML-encodes text for element content and quoted attribute values.</summary>
    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");
}
