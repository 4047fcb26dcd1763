using System.Globalization;
using System.Text;
using RoundupBot.Model;

namespace RoundupBot.Editing;

/// <summary>
/// The few lines that tell an editor about a draft (the editors' notice, <c>/roundup draft</c>): its title, its
/// sections with their item counts, the item count, the admin link and when it goes out by itself.
/// </summary>
public static class DraftSummary
{
    /// <summary>The path of the draft editor under <c>Roundup:BaseUrl</c>.</summary>
    public const string AdminPath = "/admin/draft";

    /// <summary>The words before the admin link, on its own line.</summary>
    internal const string ReviewWords = "Review, edit and approve it: ";

    /// <summary>The draft editor's absolute URL, or just its path when <c>Roundup:BaseUrl</c> is not set.</summary>
    public static string AdminLink(string? baseUrl) =>
        string.IsNullOrWhiteSpace(baseUrl) ? AdminPath : baseUrl.TrimEnd('/') + AdminPath;

    /// <summary>Every item the issue shows: its sections' and its other reads.</summary>
    public static int ItemCount(Digest digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        return digest.Sections.Sum(s => s.Items.Count) + digest.OtherReads.Count;
    }

    /// <summary>Plain lines (no markup): the body of the notice email and the start of the Discord notice.</summary>
    public static IReadOnlyList<string> Lines(Draft draft, string? baseUrl)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var digest = draft.Digest;
        var lines = new List<string>
        {
            $"The next issue is waiting for review: {digest.Title}",
            string.Create(CultureInfo.InvariantCulture,
                $"{Count(digest.Sections.Count, "section")}, {Count(ItemCount(digest), "item")} ({Count(digest.OtherReads.Count, "other read")}):"),
        };
        lines.AddRange(digest.Sections.Select(s => string.Create(CultureInfo.InvariantCulture, $"  {s.Emoji} {s.Title} ({Count(s.Items.Count, "item")})")));
        lines.Add("");
        lines.Add(ReviewWords + AdminLink(baseUrl));
        lines.Add(draft.Deadline is { } deadline
            ? string.Create(CultureInfo.InvariantCulture, $"Unless you approve it first, it is published as it stands at {deadline.UtcDateTime:yyyy-MM-dd HH:mm} UTC.")
            : "It waits until you approve it; nobody receives it before.");
        return lines;
    }

    /// <summary>The notice as one plain-text block.</summary>
    public static string Text(Draft draft, string? baseUrl)
    {
        var text = new StringBuilder();
        foreach (var line in Lines(draft, baseUrl))
        {
            text.Append(line).Append('\n');
        }

        return text.ToString();
    }

    private static string Count(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? "" : "s")}");
}
