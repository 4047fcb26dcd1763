using System.Globalization;
using RoundupBot.Model;

namespace RoundupBot.Rendering;

/// <summary>Wording every rendering shares: the period line and the fixed headings.</summary>
public static class DigestText
{
    public const string InTodaysEdition = "In today's edition:";
    public const string OtherReadsHeading = "Other interesting things to read this week";

    /// <summary>"12 – 19 November 2026", or "28 October – 4 November 2026" across months.</summary>
    public static string Period(Digest digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        var start = digest.PeriodStart.UtcDateTime;
        var end = digest.PeriodEnd.UtcDateTime;
        var culture = CultureInfo.InvariantCulture;
        if (start.Year != end.Year)
        {
            return $"{start.ToString("d MMMM yyyy", culture)} – {end.ToString("d MMMM yyyy", culture)}";
        }

        return start.Month == end.Month
            ? $"{start.ToString("%d", culture)} – {end.ToString("d MMMM yyyy", culture)}"
            : $"{start.ToString("d MMMM", culture)} – {end.ToString("d MMMM yyyy", culture)}";
    }

    /// <summary>The item a sentence cites first, looked up in its section; null when it cites none of them.</summary>
    public static DigestItem? Cited(Section section, Sentence sentence)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(sentence);
        return sentence.ItemIds.Select(id => section.Items.FirstOrDefault(i => i.Id == id)).FirstOrDefault(i => i is not null);
    }
}
