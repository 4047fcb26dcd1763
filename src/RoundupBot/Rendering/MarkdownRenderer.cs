using System.Text;
using RoundupBot.Model;

namespace RoundupBot.Rendering;

/// <summary>
/// <c>digest.md</c>: the issue as Markdown that reads like the hand-written roundup — title, period, intro, the
/// "In today's edition" list, one <c>##</c> heading per section with its emoji, the words of each sentence that name an item linked
/// to it (a sentence that names nothing ends in a link to its source), then "Other interesting things to read this week".
/// </summary>
public static class MarkdownRenderer
{
    public static string Render(Digest digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        digest = DigestText.Readable(digest);
        var md = new StringBuilder();
        md.Append("# ").Append(Escape(digest.Title)).Append("\n\n");
        md.Append('*').Append(DigestText.Period(digest)).Append("*\n\n");
        foreach (var paragraph in DigestText.NoteParagraphs(digest))
        {
            md.Append(Escape(paragraph)).Append("\n\n");
        }

        md.Append(Escape(digest.Intro)).Append("\n\n");
        md.Append("**").Append(DigestText.InTodaysEdition).Append("**\n\n");
        foreach (var section in digest.Sections)
        {
            md.Append("- ").Append(section.Emoji).Append(' ').Append(Escape(section.Title)).Append('\n');
        }

        foreach (var section in digest.Sections)
        {
            md.Append("\n## ").Append(section.Emoji).Append(' ').Append(Escape(section.Title)).Append("\n\n");
            md.Append(string.Join(" ", section.Sentences.Select(s => Sentence(section, s)))).Append('\n');
            md.Append("\nRead: ").Append(string.Join(" · ", section.Items.Select(i => Link(i.Title, i.Link)))).Append('\n');
            foreach (var item in section.Items.Where(i => i.Related is { Count: > 0 }))
            {
                md.Append("\n*").Append(Escape(item.Title)).Append("* — ").Append(Discussed(item.Related!)).Append('\n');
            }
        }

        if (digest.OtherReads.Count > 0)
        {
            md.Append("\n## ").Append(DigestText.OtherReadsHeading).Append("\n\n");
            foreach (var item in digest.OtherReads)
            {
                md.Append("- ").Append(Link(item.Title, item.Link));
                if (!string.IsNullOrWhiteSpace(item.Description))
                {
                    md.Append(" — ").Append(Escape(item.Description));
                }

                if (item.Related is { Count: > 0 } related)
                {
                    md.Append(" (").Append(Discussed(related)).Append(')');
                }

                md.Append('\n');
            }
        }

        return md.ToString();
    }

    /// <summary>The sentence with the words that name an item linked to it; a sentence that names nothing cites its source after it.</summary>
    private static string Sentence(Section section, Sentence sentence)
    {
        var text = string.Concat(DigestText.Pieces(section, sentence).Select(p => p.Item is null ? Escape(p.Text) : Link(p.Text, p.Item.Link)));
        var cited = DigestText.Citation(section, sentence);
        return cited is null ? text : $"{text} ({Link(cited.Source ?? "source", cited.Link)})";
    }

    /// <summary>"discussed in [title](link) (Source), …": a story's other coverage.</summary>
    private static string Discussed(IReadOnlyList<RelatedLink> related) =>
        "discussed in " + string.Join(", ", related.Select(r => $"{Link(r.Title, r.Link)} ({Escape(r.Source)})"));

    private static string Link(string text, string url) => $"[{Escape(text)}](<{url.Replace(">", "%3E", StringComparison.Ordinal)}>)";

    /// <summary>
    /// Backslash-escapes the characters that would otherwise start Markdown syntax inside feed text. '#' needs no escape:
    /// feed text never starts a line here.
    /// </summary>
    internal static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>')
            {
                sb.Append('\\');
            }

            sb.Append(c is '\r' or '\n' ? ' ' : c);
        }

        return sb.ToString();
    }
}
