using RoundupBot.Ingestion.Parsing;

namespace RoundupBot.Tests.Ingestion.Parsing;

internal static class Fixtures
{
    public static byte[] Bytes(string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "Feeds", name));

    public static FeedDocument Document(string name, string url = "https://feeds.example.com/feed", string? charset = null) =>
        new(Bytes(name), new Uri(url), Charset: charset);

    public static FeedDocument FromText(string text, string url = "https://feeds.example.com/feed") =>
        new(System.Text.Encoding.UTF8.GetBytes(text), new Uri(url));
}
