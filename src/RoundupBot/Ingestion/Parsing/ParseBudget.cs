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
    /// <summary>The clock <see cref="Deadline"/> is read on; null when only <see cref="Token"/> bounds the time.</summary>
    public TimeProvider? Clock { get; init; }

    /// <summary>
    /// The timestamp (<see cref="TimeProvider.GetTimestamp"/> of <see cref="Clock"/>) at which the time is up. Checked
    /// directly, not only through <see cref="Token"/>'s timer: on a starved thread pool the timer has fired after a
    /// whole parse had already run past the limit.
    /// </summary>
    public long Deadline { get; init; } = long.MaxValue;

    /// <summary>Throws <see cref="OperationCanceledException"/> when the caller cancelled or the time is up.</summary>
    public void Check()
    {
        Token.ThrowIfCancellationRequested();
        if (Clock is not null && Clock.GetTimestamp() >= Deadline)
        {
            throw new OperationCanceledException("The parse's time is up.", Token);
        }
    }

    /// <summary>The error for a document nested deeper than <see cref="FeedParser.MaxDepth"/>.</summary>
    /// <param name="what">What is nested, as a reader would say it: "XML elements", "HTML elements", "JSON values".</param>
    public FeedParseException TooDeep(string what) => new(
        $"{Url.AbsoluteUri}: {what} are nested more than {FeedParser.MaxDepth} deep (the parser's depth limit); "
        + "no real feed or page nests that deep, so the document was not read");
}
