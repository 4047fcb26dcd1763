namespace RoundupBot.Pipeline;

/// <summary>One feed of an OPML subscription list.</summary>
/// <param name="Title">The outline's title (else its text).</param>
/// <param name="XmlUrl">The feed's URL.</param>
/// <param name="HtmlUrl">The site's URL, if given.</param>
/// <param name="Type">
/// The outline's <c>type</c>: <c>rss</c> for a feed (OPML's own value), or <c>huggingface</c> / <c>hackernews</c> for a
/// community source, which other feed readers ignore and RoundupBot reads back as the source's kind.
/// </param>
public sealed record OpmlOutline(string Title, string XmlUrl, string? HtmlUrl, string? Type = null);
