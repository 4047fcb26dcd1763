namespace RoundupBot.Model;

/// <summary>Entries a feed holds that cannot become items, counted by reason ("3 entries without any link").</summary>
/// <param name="Count">How many entries.</param>
/// <param name="Reason">Why, as the end of a sentence that starts with the count: "without any link".</param>
public sealed record SkippedEntries(int Count, string Reason)
{
    /// <summary>No http(s) link anywhere: no link, no permalink id, no enclosure.</summary>
    public const string WithoutLink = "without any link";

    /// <summary>Neither a title nor any text to show.</summary>
    public const string WithoutText = "without a title or any text";

    /// <summary>A Hacker News story without a title or an http(s) URL (an Ask HN, a poll, a javascript: link).</summary>
    public const string WithoutHttpUrl = "without a title or an http URL";

    /// <summary>"3 entries without any link", "1 entry without a title or any text".</summary>
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Count} {(Count == 1 ? "entry" : "entries")} {Reason}");
}
