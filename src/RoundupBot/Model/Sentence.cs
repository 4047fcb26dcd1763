namespace RoundupBot.Model;

/// <summary>One summary sentence and the items it comes from; renderers turn the ids into links.</summary>
/// <param name="Text">The sentence as a reader sees it, without markup.</param>
/// <param name="ItemIds">The items the sentence cites, at least one of its section's items.</param>
public sealed record Sentence(string Text, IReadOnlyList<long> ItemIds)
{
    /// <summary>
    /// Which words of <see cref="Text"/> name which item ("Phi-3", "the mass function of dark matter halos"), in the order
    /// they appear: every renderer links those words to the item, within its own rules, and adds no citation after the
    /// sentence. Null (older issues, the language model's sentences) means the sentence names nothing: renderers then
    /// cite its first item after it. Empty means a sentence that links nothing and needs no citation, such as a
    /// section's opening line that frames its items.
    /// </summary>
    public IReadOnlyList<SentenceName>? Names { get; init; }
}
