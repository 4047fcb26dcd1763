namespace RoundupBot.Pipeline;

/// <summary>One feed of an OPML subscription list.</summary>
public sealed record OpmlOutline(string Title, string XmlUrl, string? HtmlUrl);
