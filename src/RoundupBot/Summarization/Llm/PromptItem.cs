using RoundupBot.Model;

namespace RoundupBot.Summarization.Llm;

/// <summary>
/// An item as prompts show it — id, source, title and a trimmed abstract with every link removed — and the full text
/// the evaluator checks the model's figures against.
/// </summary>
/// <param name="Item">The stored item (its content hash keys the gist cache).</param>
/// <param name="Source">The source name shown for it, or null.</param>
/// <param name="Title">The title without links.</param>
/// <param name="Abstract">The summary without links, cut to <see cref="LlmPrompts.AbstractTokens"/> tokens.</param>
public sealed record PromptItem(Item Item, string? Source, string Title, string Abstract)
{
    public long Id => Item.Id;

    /// <summary>Everything the item says (title and whole summary): what a figure in a sentence citing it must come from.</summary>
    public string FullText => Item.Title + "\n" + Item.Summary;

    /// <summary>Builds the prompt form of <paramref name="item"/>.</summary>
    public static PromptItem From(Item item, string? source, PromptTokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(tokenizer);
        var title = tokenizer.Trim(PromptText.Clean(item.Title), LlmPrompts.TitleTokens);
        return new PromptItem(item, string.IsNullOrWhiteSpace(source) ? null : PromptText.Clean(source), title,
            tokenizer.Trim(PromptText.Clean(item.Summary), LlmPrompts.AbstractTokens));
    }
}
