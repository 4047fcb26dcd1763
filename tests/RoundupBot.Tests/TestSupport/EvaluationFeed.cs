using System.Globalization;
using System.Security;
using System.Text.Json;

namespace RoundupBot.Tests.TestSupport;

/// <summary>RSS of the labelled evaluation set (titles and abstracts of six research areas), dated the hours before a time.</summary>
public static class EvaluationFeed
{
    public static string Rss(int count, DateTimeOffset now)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "Evaluation", "labelled-items.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var items = document.RootElement.EnumerateArray().Take(count).Select((e, i) => $"""
            <item>
              <title>{SecurityElement.Escape(e.GetProperty("title").GetString())}</title>
              <link>https://research.example.org/posts/{e.GetProperty("id").GetInt32()}</link>
              <pubDate>{(now - TimeSpan.FromHours(i + 1)).ToString("r", CultureInfo.InvariantCulture)}</pubDate>
              <description>{SecurityElement.Escape(e.GetProperty("summary").GetString())}</description>
            </item>
            """);
        return $"""
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0"><channel><title>Research</title><link>https://research.example.org/</link><description>Research notes</description>
            {string.Concat(items)}
            </channel></rss>
            """;
    }
}
