using RoundupBot.Model;

namespace RoundupBot.Pipeline;

/// <summary>What a URL holds, read now and stored nowhere: the answer of <c>sources check</c>.</summary>
/// <param name="Url">The feed's URL: the one asked for, or the feed found on that page.</param>
/// <param name="Discovered">True when <paramref name="Url"/> was found on the page asked for (autodiscovery).</param>
/// <param name="Feed">The feed as parsed.</param>
/// <param name="Items">Its entries normalized, in feed order, as the store would keep them.</param>
public sealed record SourceCheck(Uri Url, bool Discovered, ParsedFeed Feed, IReadOnlyList<ItemCandidate> Items);
