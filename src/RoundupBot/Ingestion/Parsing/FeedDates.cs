using System.Globalization;
using System.Text.RegularExpressions;

namespace RoundupBot.Ingestion.Parsing;

/// <summary>
/// Lenient date parsing for feeds: RFC 822/1123 with the zones people actually write ("EST", "GMT+2", "+0530",
/// two-digit years, missing weekday or seconds), ISO 8601 / RFC 3339, and whatever .NET's invariant parser accepts.
/// Results are in UTC. Unparseable text gives null, so the store falls back to when the entry was first seen.
/// </summary>
internal static partial class FeedDates
{
    private static readonly Dictionary<string, int> _zoneHours = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UT"] = 0, ["UTC"] = 0, ["GMT"] = 0, ["Z"] = 0, ["WET"] = 0, ["BST"] = 1, ["CET"] = 1, ["CEST"] = 2,
        ["MET"] = 1, ["MEST"] = 2, ["EET"] = 2, ["EEST"] = 3, ["MSK"] = 3, ["IST"] = 5, ["JST"] = 9, ["KST"] = 9,
        ["EST"] = -5, ["EDT"] = -4, ["CST"] = -6, ["CDT"] = -5, ["MST"] = -7, ["MDT"] = -6, ["PST"] = -8, ["PDT"] = -7,
        ["AKST"] = -9, ["AKDT"] = -8, ["HST"] = -10, ["AEST"] = 10, ["AEDT"] = 11,
    };

    private static readonly string[] _months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    public static DateTimeOffset? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        text = text.Trim();
        var result = char.IsAsciiDigit(text[0]) && text.Length >= 10 && text[4] == '-'
            ? ParseIso(text) ?? ParseRfc822(text)
            : ParseRfc822(text) ?? ParseIso(text);
        if (result is null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed))
        {
            result = parsed;
        }
        return result?.ToUniversalTime();
    }

    private static DateTimeOffset? ParseIso(string text)
    {
        // A space instead of 'T' is common ("2024-01-15 10:00:00"); the invariant parser accepts both.
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed)
            ? parsed
            : null;
    }

    private static DateTimeOffset? ParseRfc822(string text)
    {
        var match = Rfc822Regex().Match(text);
        if (!match.Success)
        {
            return null;
        }
        var day = int.Parse(match.Groups["day"].ValueSpan, CultureInfo.InvariantCulture);
        var month = Array.IndexOf(_months, match.Groups["month"].Value[..3].ToLowerInvariant()) + 1;
        var year = int.Parse(match.Groups["year"].ValueSpan, CultureInfo.InvariantCulture);
        if (match.Groups["year"].Length == 2)
        {
            year += year < 50 ? 2000 : 1900;
        }
        var hour = int.Parse(match.Groups["hour"].ValueSpan, CultureInfo.InvariantCulture);
        var minute = int.Parse(match.Groups["minute"].ValueSpan, CultureInfo.InvariantCulture);
        var second = match.Groups["second"].Success ? int.Parse(match.Groups["second"].ValueSpan, CultureInfo.InvariantCulture) : 0;
        if (month == 0 || day is < 1 or > 31 || hour > 23 || minute > 59 || second > 60
            || day > DateTime.DaysInMonth(year, month) || ParseZone(match.Groups["zone"].Value) is not { } offset)
        {
            return null;
        }
        return new DateTimeOffset(year, month, day, hour, minute, Math.Min(second, 59), offset);
    }

    private static TimeSpan? ParseZone(string zone)
    {
        zone = zone.Trim();
        if (zone.Length == 0)
        {
            return TimeSpan.Zero;
        }
        var match = ZoneRegex().Match(zone);
        if (!match.Success)
        {
            return null;
        }
        var offset = TimeSpan.Zero;
        if (match.Groups["name"].Success)
        {
            if (_zoneHours.TryGetValue(match.Groups["name"].Value, out var hours))
            {
                offset = TimeSpan.FromHours(hours);
            }
            else if (match.Groups["name"].Length != 1)
            {
                // An unknown abbreviation: the clock time is still right to within a day; UTC beats no date at all.
                offset = TimeSpan.Zero;
            }
        }
        if (match.Groups["sign"].Success)
        {
            var digits = match.Groups["digits"].Value.Replace(":", "", StringComparison.Ordinal);
            var hours = int.Parse(digits.Length <= 2 ? digits : digits[..^2], CultureInfo.InvariantCulture);
            var minutes = digits.Length > 2 ? int.Parse(digits[^2..], CultureInfo.InvariantCulture) : 0;
            if (hours > 14 || minutes > 59)
            {
                return null;
            }
            var extra = new TimeSpan(hours, minutes, 0);
            offset += match.Groups["sign"].Value == "-" ? -extra : extra;
        }
        return offset;
    }

    [GeneratedRegex(
        @"^(?:[A-Za-z]{2,9}\.?,?\s*)?(?<day>\d{1,2})[\s-]+(?<month>[A-Za-z]{3,9})\.?[\s-]+(?<year>\d{4}|\d{2}),?\s+(?<hour>\d{1,2}):(?<minute>\d{2})(?::(?<second>\d{2}))?(?:\.\d+)?\s*(?<zone>.*)$",
        RegexOptions.CultureInvariant)]
    private static partial Regex Rfc822Regex();

    [GeneratedRegex(@"^(?<name>[A-Za-z]{1,5})?\s*(?:(?<sign>[+-])(?<digits>\d{1,2}(?::?\d{2})?))?$", RegexOptions.CultureInvariant)]
    private static partial Regex ZoneRegex();
}
