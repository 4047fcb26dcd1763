using Microsoft.Extensions.AI;
using Microsoft.ML.Tokenizers;

namespace RoundupBot.Summarization.Llm;

/// <summary>
/// Counts and trims prompt text in tokens with tiktoken's o200k encoding (GPT-4o's). Other models tokenize differently,
/// usually within ±20 % for English; the per-call budget is a guard against overflowing a context window, so an
/// approximation that is the same on every machine is what we want. Thread-safe.
/// </summary>
public sealed class PromptTokenizer
{
    /// <summary>Tokens a chat message costs beyond its text (role and separators), as OpenAI counts them.</summary>
    public const int PerMessageOverhead = 4;

    private readonly Tokenizer _tokenizer = TiktokenTokenizer.CreateForEncoding("o200k_base");

    /// <summary>One instance per process: loading the encoding's 200,000 ranks takes a while and memory.</summary>
    public static PromptTokenizer Shared { get; } = new();

    public int Count(string? text) => string.IsNullOrEmpty(text) ? 0 : _tokenizer.CountTokens(text);

    /// <summary>The tokens of a conversation as a chat completions request carries it.</summary>
    public int Count(IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return messages.Sum(m => Count(m.Text) + PerMessageOverhead) + 3;
    }

    /// <summary>
    /// <paramref name="text"/> cut to at most <paramref name="maxTokens"/> tokens, at a word boundary and ending in "…"
    /// when cut; unchanged when it fits.
    /// </summary>
    public string Trim(string text, int maxTokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 2);
        if (Count(text) <= maxTokens)
        {
            return text;
        }

        // One token is kept for the ellipsis.
        var index = _tokenizer.GetIndexByTokenCount(text, maxTokens - 1, out _, out _);
        var cut = text[..index];
        var space = cut.LastIndexOf(' ');
        if (space > cut.Length / 2)
        {
            cut = cut[..space];
        }

        return cut.TrimEnd(' ', ',', ';', ':', '-', '.') + "…";
    }
}
