using System.Text;
using RoundupBot.Model;

namespace RoundupBot.Rendering;

/// <summary>
/// <c>digest.txt</c>: the issue as plain text for the email's text part and terminals. Each sentence carries a
/// numbered reference; the links are listed under the section, so the text reads cleanly and every claim is traceable.
/// </summary>
public static class TextRenderer
{
    /// <summary>The issue alone, as <c>digest.txt</c> holds it.</summary>
    public static string Render(Digest digest) => Render(digest, links: null);

    /// <summary>
    /// The issue with the email's footer (why the reader receives it, the unsubscribe link, the web link), so the text part
    /// says what the HTML part says; null <paramref name="links"/> leaves the footer out.
    /// </summary>
    public static string Render(Digest digest, EmailLinks? links)
    {
        ArgumentNullException.ThrowIfNull(digest);
        digest = DigestText.Readable(digest);
        var text = new StringBuilder();
        text.Append(digest.Title).Append('\n');
        text.Append(DigestText.Period(digest)).Append("\n\n");
        foreach (var paragraph in DigestText.NoteParagraphs(digest))
        {
            text.Append(paragraph).Append("\n\n");
        }

        text.Append(digest.Intro).Append("\n\n");
        text.Append(DigestText.InTodaysEdition).Append('\n');
        foreach (var section in digest.Sections)
        {
            text.Append("  ").Append(section.Emoji).Append(' ').Append(section.Title).Append('\n');
        }

        var reference = 0;
        foreach (var section in digest.Sections)
        {
            var heading = $"{section.Emoji} {section.Title}";
            text.Append('\n').Append(heading).Append('\n').Append(new string('=', heading.Length)).Append("\n\n");
            var references = new List<(int Number, DigestItem Item)>();
            var sentences = new List<string>();
            foreach (var sentence in section.Sentences)
            {
                // A sentence cites the items it names, or its first item when it names nothing; a framing line none.
                var cited = sentence.Names is null
                    ? [DigestText.Cited(section, sentence)]
                    : DigestText.Pieces(section, sentence).Select(p => p.Item).ToList();
                var numbers = new List<int>();
                foreach (var item in cited.OfType<DigestItem>())
                {
                    var existing = references.FindIndex(l => l.Item.Id == item.Id);
                    var number = existing >= 0 ? references[existing].Number : ++reference;
                    if (existing < 0)
                    {
                        references.Add((number, item));
                    }

                    if (!numbers.Contains(number))
                    {
                        numbers.Add(number);
                    }
                }

                sentences.Add(numbers.Count == 0 ? sentence.Text.Trim() : $"{sentence.Text.Trim()} [{string.Join(", ", numbers)}]");
            }

            text.Append(string.Join(" ", sentences)).Append("\n\n");
            foreach (var item in section.Items.Where(i => references.All(l => l.Item.Id != i.Id)))
            {
                references.Add((++reference, item));
            }

            foreach (var (number, item) in references)
            {
                text.Append('[').Append(number).Append("] ").Append(item.Title).Append('\n');
                text.Append("    ").Append(item.Link).Append('\n');
                AppendDiscussed(text, item, "    ");
            }
        }

        if (digest.OtherReads.Count > 0)
        {
            text.Append('\n').Append(DigestText.OtherReadsHeading).Append('\n')
                .Append(new string('=', DigestText.OtherReadsHeading.Length)).Append("\n\n");
            foreach (var item in digest.OtherReads)
            {
                text.Append("- ").Append(item.Title).Append('\n');
                if (!string.IsNullOrWhiteSpace(item.Description))
                {
                    text.Append("  ").Append(item.Description).Append('\n');
                }

                text.Append("  ").Append(item.Link).Append('\n');
                AppendDiscussed(text, item, "  ");
            }
        }

        if (links is not null)
        {
            text.Append("\n-- \n").Append(links.Reason).Append('\n')
                .Append("Unsubscribe: ").Append(links.UnsubscribeUrl).Append('\n');
            if (!string.IsNullOrWhiteSpace(links.WebUrl))
            {
                text.Append("Read this issue on the web: ").Append(links.WebUrl).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>One line per piece of a story's other coverage: "Discussed in Source: title link".</summary>
    private static void AppendDiscussed(StringBuilder text, DigestItem item, string indent)
    {
        foreach (var related in item.Related ?? [])
        {
            text.Append(indent).Append("Discussed in ").Append(related.Source).Append(": ").Append(related.Title)
                .Append(' ').Append(related.Link).Append('\n');
        }
    }
}
