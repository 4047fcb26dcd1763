namespace RoundupBot.Ingestion.Parsing;

/// <summary>A feed an HTML page links with <c>&lt;link rel="alternate"&gt;</c>.</summary>
/// <param name="Url">The feed's absolute URL.</param>
/// <param name="Title">The link's title attribute, if any.</param>
/// <param name="MediaType">The link's type, lowercased: <c>application/rss+xml</c>, <c>application/atom+xml</c>, <c>application/feed+json</c> or <c>application/json</c>.</param>
public sealed record DiscoveredFeed(Uri Url, string? Title, string MediaType);
