using System.Globalization;
using System.Text;
using RoundupBot.Editing;
using RoundupBot.Model;
using RoundupBot.Rendering;

namespace RoundupBot.Web;

/// <summary>
/// The body of <c>/admin/draft</c>: the issue as readers will see it on the web (with the email's text part and the
/// Discord messages as previews), and beside it plain HTML forms, one per change, every field labelled, no script.
/// </summary>
internal static class DraftPage
{
    public static string Render(Draft draft, string antiforgeryField, string? baseUrl)
    {
        var digest = draft.Digest;
        var html = new StringBuilder();
        var hidden = antiforgeryField + $"<input type=\"hidden\" name=\"version\" value=\"{draft.Version.ToString(CultureInfo.InvariantCulture)}\">";
        html.Append("<h1>Draft: ").Append(HtmlPage.Encode(digest.Title)).Append("</h1>\n");
        html.Append("<p>").Append(HtmlPage.Encode(string.Create(CultureInfo.InvariantCulture,
            $"Version {draft.Version}, built {draft.BuiltAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC, {(draft.Edited ? "edited" : "not edited yet")}; "))).Append(HtmlPage.Encode(draft.Deadline is { } deadline
            ? string.Create(CultureInfo.InvariantCulture, $"published as it stands at {deadline.UtcDateTime:yyyy-MM-dd HH:mm} UTC unless approved first.")
            : "it waits for approval.")).Append(" Every change is saved at once.</p>\n");

        html.Append("<section aria-labelledby=\"publish\"><h2 id=\"publish\">Publish</h2>\n");
        Form(html, "/admin/draft/approve", hidden, "", "Approve and publish to every subscriber");
        Form(html, "/admin/draft/rebuild", hidden, "", "Rebuild from the current window (replaces every edit)");
        Form(html, "/admin/draft/discard", hidden, "", "Discard the draft");
        html.Append("</section>\n");

        html.Append("<section aria-labelledby=\"note\"><h2 id=\"note\">Editor's note</h2>\n")
            .Append("<form method=\"post\" action=\"/admin/draft/note\">").Append(hidden)
            .Append("<p><label for=\"note-text\">Your opening paragraph, shown first everywhere (empty: none)</label><br>")
            .Append("<textarea id=\"note-text\" name=\"note\" rows=\"5\" cols=\"70\" maxlength=\"").Append(DraftEdits.MaxNoteLength.ToString(CultureInfo.InvariantCulture)).Append("\">")
            .Append(HtmlPage.Encode(digest.EditorNote)).Append("</textarea></p><p><button type=\"submit\">Save the note</button></p></form></section>\n");

        for (var s = 0; s < digest.Sections.Count; s++)
        {
            Section(html, digest, s, hidden);
        }

        html.Append("<section aria-labelledby=\"reads\"><h2 id=\"reads\">Other interesting things to read</h2><ul>\n");
        foreach (var item in digest.OtherReads)
        {
            html.Append("<li>").Append(HtmlPage.Encode(item.Title));
            ItemForms(html, digest, item, null, hidden);
            html.Append("</li>\n");
        }

        html.Append("</ul></section>\n");
        html.Append("<section aria-labelledby=\"preview\"><h2 id=\"preview\">As readers will see it (web)</h2>\n<div class=\"issue\">")
            .Append(IssuePageCache.RenderBody(digest)).Append("</div></section>\n");
        html.Append("<section aria-labelledby=\"email\"><h2 id=\"email\">Email preview (text part)</h2><pre>")
            .Append(HtmlPage.Encode(TextRenderer.Render(digest, null))).Append("</pre></section>\n");
        html.Append("<section aria-labelledby=\"discord\"><h2 id=\"discord\">Discord preview</h2>\n");
        foreach (var message in DiscordRenderer.Render(digest, null))
        {
            html.Append("<pre>").Append(HtmlPage.Encode(message.Content ?? ""));
            foreach (var embed in message.Embeds ?? [])
            {
                html.Append("\n\n").Append(HtmlPage.Encode(embed.Title)).Append('\n').Append(HtmlPage.Encode(embed.Description));
            }

            html.Append("</pre>\n");
        }

        html.Append("</section>\n<p><a href=\"/admin\">Back to admin</a> · Link for editors: ").Append(HtmlPage.Encode(DraftSummary.AdminLink(baseUrl))).Append("</p>\n");
        return html.ToString();
    }

    private static void Section(StringBuilder html, Digest digest, int s, string hidden)
    {
        var section = digest.Sections[s];
        var n = s.ToString(CultureInfo.InvariantCulture);
        var id = "section-" + n;
        html.Append("<section aria-labelledby=\"").Append(id).Append("\"><h2 id=\"").Append(id).Append("\">")
            .Append(HtmlPage.Encode(section.Emoji)).Append(' ').Append(HtmlPage.Encode(section.Title)).Append("</h2>\n");
        html.Append("<form method=\"post\" action=\"/admin/draft/heading\">").Append(hidden).Append(Hidden("section", n))
            .Append(CultureInfo.InvariantCulture, $"<p><label for=\"emoji-{n}\">Emoji</label> <input id=\"emoji-{n}\" name=\"emoji\" size=\"3\" required value=\"{HtmlPage.Encode(section.Emoji)}\"> ")
            .Append(CultureInfo.InvariantCulture, $"<label for=\"title-{n}\">Title</label> <input id=\"title-{n}\" name=\"title\" size=\"50\" required maxlength=\"{DraftEdits.MaxTitleLength}\" value=\"{HtmlPage.Encode(section.Title)}\"> ")
            .Append("<button type=\"submit\">Rename</button></p></form>\n");
        html.Append("<form method=\"post\" action=\"/admin/draft/move-section\">").Append(hidden).Append(Hidden("section", n))
            .Append(CultureInfo.InvariantCulture, $"<p><label for=\"position-{n}\">Place in the issue</label> <select id=\"position-{n}\" name=\"position\">");
        for (var p = 0; p < digest.Sections.Count; p++)
        {
            html.Append(CultureInfo.InvariantCulture, $"<option value=\"{p}\"{(p == s ? " selected" : "")}>{p + 1}</option>");
        }

        html.Append("</select> <button type=\"submit\">Move section</button></p></form>\n");
        html.Append("<h3>Items</h3><ul>\n");
        foreach (var item in section.Items)
        {
            html.Append("<li>").Append(HtmlPage.Encode(item.Title));
            ItemForms(html, digest, item, s, hidden);
            html.Append("</li>\n");
        }

        html.Append("</ul>\n<h3>Sentences</h3><ol>\n");
        for (var i = 0; i < section.Sentences.Count; i++)
        {
            var k = i.ToString(CultureInfo.InvariantCulture);
            html.Append("<li><form method=\"post\" action=\"/admin/draft/sentence\">").Append(hidden).Append(Hidden("section", n)).Append(Hidden("sentence", k))
                .Append(CultureInfo.InvariantCulture, $"<label for=\"sentence-{n}-{k}\">Sentence {i + 1}</label><br><textarea id=\"sentence-{n}-{k}\" name=\"text\" rows=\"2\" cols=\"70\" required>")
                .Append(HtmlPage.Encode(section.Sentences[i].Text)).Append("</textarea> <button type=\"submit\">Save sentence</button></form>");
            html.Append("<form method=\"post\" action=\"/admin/draft/delete-sentence\">").Append(hidden).Append(Hidden("section", n)).Append(Hidden("sentence", k))
                .Append(CultureInfo.InvariantCulture, $"<button type=\"submit\" aria-label=\"Delete sentence {i + 1} of {HtmlPage.Encode(section.Title)}\">Delete</button></form></li>\n");
        }

        html.Append("</ol>\n<form method=\"post\" action=\"/admin/draft/add-sentence\">").Append(hidden).Append(Hidden("section", n))
            .Append(CultureInfo.InvariantCulture, $"<p><label for=\"new-{n}\">New sentence</label><br><textarea id=\"new-{n}\" name=\"text\" rows=\"2\" cols=\"70\" required></textarea></p>")
            .Append("<fieldset><legend>It cites</legend>");
        foreach (var item in section.Items)
        {
            var itemId = item.Id.ToString(CultureInfo.InvariantCulture);
            html.Append(CultureInfo.InvariantCulture, $"<label><input type=\"checkbox\" name=\"items\" value=\"{itemId}\"> {HtmlPage.Encode(item.Title)}</label><br>");
        }

        html.Append("</fieldset><p><button type=\"submit\">Add sentence</button></p></form></section>\n");
    }

    /// <summary>Move to another section or the other reads, and remove: one small form each.</summary>
    private static void ItemForms(StringBuilder html, Digest digest, DigestItem item, int? current, string hidden)
    {
        var itemId = item.Id.ToString(CultureInfo.InvariantCulture);
        html.Append("<form method=\"post\" action=\"/admin/draft/move-item\">").Append(hidden).Append(Hidden("item", itemId))
            .Append(CultureInfo.InvariantCulture, $"<label for=\"move-{itemId}\">Move to</label> <select id=\"move-{itemId}\" name=\"to\">");
        for (var s = 0; s < digest.Sections.Count; s++)
        {
            html.Append(CultureInfo.InvariantCulture, $"<option value=\"{s}\"{(s == current ? " selected" : "")}>{HtmlPage.Encode(digest.Sections[s].Emoji + " " + digest.Sections[s].Title)}</option>");
        }

        html.Append(current is null ? "<option value=\"other\" selected>" : "<option value=\"other\">").Append("Other reads</option></select> <button type=\"submit\">Move</button></form>");
        html.Append("<form method=\"post\" action=\"/admin/draft/remove-item\">").Append(hidden).Append(Hidden("item", itemId))
            .Append(CultureInfo.InvariantCulture, $"<button type=\"submit\" aria-label=\"Remove {HtmlPage.Encode(item.Title)}\">Remove</button></form>");
    }

    private static string Form(StringBuilder html, string action, string hidden, string fields, string button)
    {
        html.Append("<form method=\"post\" action=\"").Append(action).Append("\">").Append(hidden).Append(fields)
            .Append("<p><button type=\"submit\">").Append(HtmlPage.Encode(button)).Append("</button></p></form>\n");
        return action;
    }

    private static string Hidden(string name, string value) => $"<input type=\"hidden\" name=\"{name}\" value=\"{HtmlPage.Encode(value)}\">";
}
