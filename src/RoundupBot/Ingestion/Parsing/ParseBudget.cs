namespace RoundupBot.Ingestion.Parsing;

/// <summary>
/// What one parse may spend: elements nested at most <see cref="FeedParser.MaxDepth"/> deep, and time until
/// <see cref="Token"/> fires (the caller's cancellation or <c>Fetch:Timeout</c>). Each reader checks it as it goes,
/// so a hostile document fails quickly with a message that names the limit.
/// </summary>
/// <param name="Url">The document's URL, named by every error.</param>
/// <param name="Token">Cancelled when the caller cancels or the parse's time is up.</param>
internal sealed record ParseBudget(Uri Url, CancellationToken Token)
{
    /// <summary>Throws <see cref="OperationCanceledException"/> when the caller cancelled or the time is up.</summary>
    public void Check() => Token.ThrowIfCancellationRequested();

    /// <summary>The error for a document nested deeper than <see cref="FeedParser.MaxDepth"/>.</summary>
    /// <param name="what">What is nested, as a reader would say it: "XML elements", "HTML elements", "JSON values".</param>
    public FeedParseException TooDeep(string what) => new(
        $"{Url.AbsoluteUri}: {what} are nested more than {FeedParser.MaxDepth} deep (the parser's depth limit); "
        + "no real feed or page nests that deep, so the document was not read");
}
