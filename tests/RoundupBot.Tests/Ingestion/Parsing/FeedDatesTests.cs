using RoundupBot.Ingestion.Parsing;

namespace RoundupBot.Tests.Ingestion.Parsing;

public class FeedDatesTests
{
    [Theory]
    [InlineData("Mon, 15 Jan 2024 08:30:00 GMT", "2024-01-15T08:30:00Z")]
    [InlineData("Mon, 15 Jan 2024 08:30:00 +0000", "2024-01-15T08:30:00Z")]
    [InlineData("Mon, 15 Jan 2024 08:30:00 EST", "2024-01-15T13:30:00Z")]
    [InlineData("Mon, 15 Jan 2024 08:30:00 PDT", "2024-01-15T15:30:00Z")]
    [InlineData("Mon, 15 Jan 2024 08:30:00 GMT+2", "2024-01-15T06:30:00Z")]
    [InlineData("Mon, 15 Jan 2024 08:30:00 +05:30", "2024-01-15T03:00:00Z")]
    [InlineData("15 Jan 24 08:30 -0500", "2024-01-15T13:30:00Z")]
    [InlineData("Monday, 15 January 2024 08:30:00 UT", "2024-01-15T08:30:00Z")]
    [InlineData("2024-01-15T08:30:00Z", "2024-01-15T08:30:00Z")]
    [InlineData("2024-01-15T08:30:00.123-05:00", "2024-01-15T13:30:00.123Z")]
    [InlineData("2024-01-15 08:30:00", "2024-01-15T08:30:00Z")]
    [InlineData("2024-01-15", "2024-01-15T00:00:00Z")]
    public void Reads_the_formats_feeds_use(string text, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), FeedDates.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("sometime last week")]
    [InlineData("Mon, 31 Feb 2024 08:30:00 GMT")]
    public void Gives_null_for_what_it_cannot_read(string text)
    {
        Assert.Null(FeedDates.Parse(text));
    }
}
