using RoundupBot.Ingestion.Normalization;
using RoundupBot.Model;

namespace RoundupBot.Tests.Storage;

/// <summary>Item candidates built through the real normalizer, so store tests see the keys production sees.</summary>
internal static class Candidates
{
    private static readonly ItemNormalizer s_normalizer = new();

    public static ItemCandidate Url(string link, string? title = null, string summary = "", DateTimeOffset? published = null) =>
        s_normalizer.Normalize(new FeedEntry
        {
            Title = title ?? "Post at " + link,
            Link = link,
            Summary = summary,
            Published = published,
        });

    public static ItemCandidate Arxiv(string id, int version, string title, string summary = "An abstract.", params string[] categories) =>
        s_normalizer.Normalize(new FeedEntry
        {
            Title = title,
            Link = $"http://arxiv.org/abs/{id}v{version}",
            Summary = summary,
            Arxiv = new ArxivMetadata { Id = id, Version = version, Categories = categories },
        });

    public static ItemCandidate Normalize(FeedEntry entry) => s_normalizer.Normalize(entry);
}
