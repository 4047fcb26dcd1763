namespace RoundupBot.Ingestion.Parsing;

/// <summary>A document could not be read as a feed. The message names the URL and what was found instead.</summary>
public sealed class FeedParseException : Exception
{
    public FeedParseException() { }

    public FeedParseException(string message) : base(message) { }

    public FeedParseException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Feed links found when the document was an HTML page (autodiscovery), so callers can suggest them.</summary>
    public IReadOnlyList<Uri> DiscoveredFeeds { get; init; } = [];
}
