namespace RoundupBot.Model;

/// <summary>Words of a sentence that name an item, so renderers link them to it.</summary>
/// <param name="Text">The words exactly as they appear in the sentence (the first occurrence after the previous name is linked).</param>
/// <param name="ItemId">The item they name; one of the sentence's <see cref="Sentence.ItemIds"/>.</param>
public sealed record SentenceName(string Text, long ItemId);
