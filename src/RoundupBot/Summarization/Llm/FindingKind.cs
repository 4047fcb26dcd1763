namespace RoundupBot.Summarization.Llm;

/// <summary>What the evaluator found wrong with an answer. Reported in camelCase (<c>inventedNumber</c>).</summary>
public enum FindingKind
{
    /// <summary>Not one JSON object: prose, broken JSON, several objects, text around a code fence.</summary>
    InvalidJson,
    /// <summary>JSON, but not in the schema: a key missing, a wrong type, an empty list.</summary>
    Schema,
    /// <summary>A key the schema does not have. Ignored (its value is never used), so it does not reject the answer.</summary>
    ExtraKey,
    /// <summary>An id that is no item of this issue.</summary>
    UnknownCitation,
    /// <summary>An id of an item of another section.</summary>
    ForeignCitation,
    /// <summary>A sentence that cites nothing.</summary>
    UncitedSentence,
    /// <summary>An item of the section (or a gist batch) the answer does not cite.</summary>
    UncitedItem,
    /// <summary>A URL, e-mail address or domain name in the model's text.</summary>
    Url,
    /// <summary>A figure that appears in none of the cited items' text.</summary>
    InventedNumber,
    /// <summary>The emoji is not exactly one emoji.</summary>
    Emoji,
    /// <summary>A title, sentence, gist or intro too long or too short, or too many or too few sentences.</summary>
    Length,
    /// <summary>A sentence written twice (in this answer or earlier in the issue).</summary>
    RepeatedSentence,
}
