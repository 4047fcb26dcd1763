using System.Collections.Frozen;
using System.Text.Json;

namespace RoundupBot.Summarization.Embedded;

/// <summary>
/// The names and keywords of every emoji, from emojilib 4.0.3 (MIT licence, <c>Emoji/emojilib-LICENSE.txt</c>), shipped
/// inside the program as an embedded resource: what <see cref="EmojiPicker"/> compares a section's words with.
/// </summary>
/// <remarks>
/// Keywords are reduced to the word keys <see cref="TextTokens.Key"/> gives, without stop words and without words that
/// carry no theme ("small", "dark", "red", "symbol"). Faces, people, hands, flags and keycaps are left out: they never
/// stand for a research theme. Loaded once, on first use; thread-safe.
/// </remarks>
internal static class EmojiDataset
{
    private const string ResourceName = "RoundupBot.Summarization.Embedded.Emoji.emojilib-en-US.json";

    // Words that would tie an emoji to a section by an accident of wording ("small language models" is not 🤏).
    private static readonly FrozenSet<string> Meaningless = FrozenSet.ToFrozenSet(
        [
            "small", "large", "big", "little", "tiny", "dark", "light", "new", "old", "high", "low", "top", "up", "down", "on",
            "off", "end", "back", "soon", "free", "set", "tool", "photo", "symbol", "sign", "object", "button", "mark", "word",
            "words", "text", "comic", "cool", "like", "fun", "funny", "good", "nice", "great", "thing", "red", "blue", "green",
            "yellow", "black", "white", "orange", "purple", "brown", "emotion", "happy", "sad", "love", "body", "human",
            "person", "people", "man", "woman", "face", "hand", "animal", "nature", "food", "time", "point", "points", "shape",
            "double", "single", "square", "circle", "round", "open", "close", "closed", "full", "half", "part", "form", "state",
            "test", "game", "play", "sport", "travel", "place", "building", "house", "office", "work", "school", "fog", "cell",
        ],
        StringComparer.Ordinal);

    private static readonly string[] LeftOutNames =
        ["face", "flag", "person", "man", "woman", "hand", "people", "family", "couple", "kiss", "keycap", "boy", "girl", "baby", "skin"];

    private static readonly Lazy<FrozenDictionary<string, FrozenSet<string>>> Keywords = new(Load);

    /// <summary>Every emoji kept, with its keyword keys.</summary>
    public static FrozenDictionary<string, FrozenSet<string>> All => Keywords.Value;

    /// <summary>The keyword keys of <paramref name="emoji"/>; empty when the dataset does not hold it.</summary>
    public static FrozenSet<string> KeysOf(string emoji) =>
        All.TryGetValue(emoji, out var keys) ? keys : FrozenSet<string>.Empty;

    private static FrozenDictionary<string, FrozenSet<string>> Load()
    {
        using var stream = typeof(EmojiDataset).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The emoji dataset '{ResourceName}' is missing from the assembly; rebuild RoundupBot.");
        using var document = JsonDocument.Parse(stream);
        var result = new Dictionary<string, FrozenSet<string>>(StringComparer.Ordinal);
        foreach (var entry in document.RootElement.EnumerateObject())
        {
            var words = entry.Value.EnumerateArray().Select(k => k.GetString() ?? "").ToList();
            var name = words.FirstOrDefault() ?? "";
            if (name.Split('_').Any(part => LeftOutNames.Contains(part, StringComparer.Ordinal)))
            {
                continue;
            }

            var keys = words
                .SelectMany(w => w.Split('_', ' ', '-'))
                .Where(w => w.Length >= 3 && w.All(char.IsLetter))
                .Select(w => TextTokens.Key(w.ToLowerInvariant()))
                .Where(k => !TextTokens.StopWords.Contains(k) && !Meaningless.Contains(k))
                .ToFrozenSet(StringComparer.Ordinal);
            if (keys.Count > 0)
            {
                result[entry.Name] = keys;
            }
        }

        return result.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
