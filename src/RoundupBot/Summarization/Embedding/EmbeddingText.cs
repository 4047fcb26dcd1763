using System.Text;
using RoundupBot.Model;

namespace RoundupBot.Summarization.Embedding;

/// <summary>The text an item is embedded from: its title, then the start of its summary.</summary>
public static class EmbeddingText
{
    /// <summary>Changes whenever <see cref="For(Item)"/> changes what it returns, so that stored vectors are recomputed.</summary>
    public const int Version = 1;

    /// <summary>
    /// The longest text returned, in characters. <value>400</value>: about 90 MiniLM tokens of English, well inside the
    /// model's 256-token window; a title and the first sentences of an abstract carry its topic, and every token more
    /// costs throughput (attention grows with the square of the length).
    /// </summary>
    public const int MaxLength = 400;

    /// <summary>Title + ". " + the start of the summary, whitespace collapsed, cut at a word boundary to <see cref="MaxLength"/>.</summary>
    public static string For(Item item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return For(item.Title, item.Summary);
    }

    /// <inheritdoc cref="For(Item)"/>
    public static string For(string title, string? summary)
    {
        ArgumentNullException.ThrowIfNull(title);
        var text = new StringBuilder(MaxLength + 16);
        AppendCollapsed(text, title);
        if (!string.IsNullOrWhiteSpace(summary) && text.Length < MaxLength)
        {
            if (text.Length > 0)
            {
                // A title that already ends a sentence needs no full stop of ours.
                text.Append(text[^1] is '.' or '?' or '!' or ':' ? " " : ". ");
            }

            AppendCollapsed(text, summary);
        }

        return Cut(text);
    }

    private static void AppendCollapsed(StringBuilder text, string value)
    {
        var pendingSpace = false;
        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = text.Length > 0;
                continue;
            }

            if (pendingSpace && text[^1] != ' ')
            {
                text.Append(' ');
            }

            pendingSpace = false;
            text.Append(c);
            if (text.Length > MaxLength + 1)
            {
                return;
            }
        }
    }

    private static string Cut(StringBuilder text)
    {
        if (text.Length <= MaxLength)
        {
            return text.ToString().TrimEnd();
        }

        var end = MaxLength;
        // Prefer a word boundary, unless the text has no space in its second half (CJK, long URLs).
        var space = text.ToString(0, MaxLength + 1).LastIndexOf(' ');
        if (space >= MaxLength / 2)
        {
            end = space;
        }
        else if (char.IsHighSurrogate(text[end - 1]))
        {
            end--;
        }

        return text.ToString(0, end).TrimEnd();
    }
}
