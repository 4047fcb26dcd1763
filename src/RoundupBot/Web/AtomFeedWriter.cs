using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using RoundupBot.Model;
using RoundupBot.Text;

namespace RoundupBot.Web;

/// <summary>The Atom 1.0 feed of the issues (<c>/feed.atom</c>), so RoundupBot is itself a source others can follow.</summary>
public static class AtomFeedWriter
{
    /// <summary>Writes the feed: one entry per issue, newest first, each with its full HTML.</summary>
    /// <param name="baseUrl">
    /// The site's public root without a trailing slash, e.g. <c>https://roundup.example.org</c>; null when
    /// <c>Roundup:BaseUrl</c> is not set. Links are then relative (a reader resolves them against the feed's own URL) and
    /// ids are <c>urn:roundupbot:…</c> names, because an Atom id must be absolute.
    /// </param>
    /// <param name="title">The roundup's title (<c>Roundup:Title</c>).</param>
    /// <param name="issues">Archived issues with the time each was published, newest first.</param>
    public static byte[] Write(string? baseUrl, string title, IReadOnlyList<(Digest Digest, DateTimeOffset PublishedAt)> issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        var root = baseUrl ?? "";
        var feed = new SyndicationFeed
        {
            Id = baseUrl is null ? "urn:roundupbot:feed" : baseUrl + "/feed.atom",
            Title = new TextSyndicationContent(title),
            // An empty archive still needs an <updated>: the epoch says "never" without inventing a time.
            LastUpdatedTime = issues.Count > 0 ? issues[0].PublishedAt : DateTimeOffset.UnixEpoch,
            Generator = "RoundupBot",
        };
        feed.Authors.Add(new SyndicationPerson { Name = title });
        feed.Links.Add(new SyndicationLink(new Uri(root + "/feed.atom", UriKind.RelativeOrAbsolute)) { RelationshipType = "self", MediaType = "application/atom+xml" });
        feed.Links.Add(new SyndicationLink(new Uri(root + "/", UriKind.RelativeOrAbsolute)) { RelationshipType = "alternate", MediaType = "text/html" });
        feed.Items = issues.Select(issue =>
        {
            var url = $"{root}/digests/{issue.Digest.Number}";
            var item = new SyndicationItem
            {
                Id = baseUrl is null ? $"urn:roundupbot:issue:{issue.Digest.Number}" : url,
                Title = new TextSyndicationContent(issue.Digest.Title),
                LastUpdatedTime = issue.PublishedAt,
                PublishDate = issue.PublishedAt,
                Content = new TextSyndicationContent(IssuePageCache.RenderBody(issue.Digest), TextSyndicationContentKind.Html),
                Summary = new TextSyndicationContent(string.Join("\n\n", [.. Rendering.DigestText.NoteParagraphs(issue.Digest), LatexText.ToUnicode(issue.Digest.Intro)])),
            };
            item.Links.Add(new SyndicationLink(new Uri(url, UriKind.RelativeOrAbsolute)) { RelationshipType = "alternate", MediaType = "text/html" });
            return item;
        }).ToList();

        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false }))
        {
            new Atom10FeedFormatter(feed).WriteTo(writer);
        }

        return stream.ToArray();
    }
}
